// The platform collection and the destructive tests' two run side by side, each on its own booted AppHost: the
// destructive tests mostly wait out faults that last (a provider down for a minute), which leaves the cores free.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
