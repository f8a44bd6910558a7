// One booted AppHost at a time on these 2 cores: the platform collection's, then the destructive tests' own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
