using System.Buffers.Binary;
using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Api.Engine.Lucene;

/// <summary>
/// Writes to disk (a reindex and every change survive a restart); reads each index file from a copy of it in memory,
/// loaded when first opened. Lucene never changes a file once written, so the copy stays true until the file is deleted.
/// Measured on 100,000 products: Lucene.NET's file reads lock and seek a FileStream per 1 KiB buffer, and its
/// MMapDirectory keeps every input clone in a weak map the collector promotes and scans; searching from memory costs
/// a fraction of either, for about 20 MB per 100,000 products.
/// </summary>
internal sealed class InMemoryReadDirectory(LuceneDirectory disk) : BaseDirectory
{
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _files = new(StringComparer.Ordinal);

    public override IndexInput OpenInput(string name, IOContext context)
    {
        // The segments files are the index's only rewritten ones (segments.gen) and are read once per commit.
        if (name.StartsWith(IndexFileNames.SEGMENTS, StringComparison.Ordinal))
        {
            return disk.OpenInput(name, context);
        }

        var bytes = _files.GetOrAdd(name, file => new Lazy<byte[]>(() => ReadAll(file))).Value;
        return new ByteArrayIndexInput(name, bytes);
    }

    public override void DeleteFile(string name)
    {
        _files.TryRemove(name, out _);
        disk.DeleteFile(name);
    }

    public override IndexOutput CreateOutput(string name, IOContext context)
    {
        _files.TryRemove(name, out _);
        return disk.CreateOutput(name, context);
    }

    public override string[] ListAll() => disk.ListAll();

    [Obsolete("As Lucene.NET's own: it goes in Lucene 5.")]
#pragma warning disable CS0618 // The override must still answer while Lucene 4.8 calls it.
    public override bool FileExists(string name) => disk.FileExists(name);
#pragma warning restore CS0618

    public override long FileLength(string name) => disk.FileLength(name);

    public override void Sync(ICollection<string> names) => disk.Sync(names);

    public override global::Lucene.Net.Store.Lock MakeLock(string name) => disk.MakeLock(name);

    public override void ClearLock(string name) => disk.ClearLock(name);

    public override LockFactory LockFactory => disk.LockFactory;

    public override void SetLockFactory(LockFactory lockFactory) => disk.SetLockFactory(lockFactory);

    public override string GetLockID() => disk.GetLockID();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _files.Clear();
            disk.Dispose();
        }
    }

    private byte[] ReadAll(string name)
    {
        using var input = disk.OpenInput(name, IOContext.READ_ONCE);
        var bytes = new byte[input.Length];
        input.ReadBytes(bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>A file's bytes with a position; clones share the bytes and keep their own position.</summary>
    private sealed class ByteArrayIndexInput(string name, byte[] bytes) : IndexInput($"{nameof(ByteArrayIndexInput)}({name})")
    {
        private int _position;

        public override long Length => bytes.Length;

        public override long Position => _position;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > bytes.Length)
            {
                throw new EndOfStreamException($"Seek to {pos} outside {this} of {bytes.Length} bytes.");
            }

            _position = (int)pos;
        }

        public override byte ReadByte() => _position < bytes.Length
            ? bytes[_position++]
            : throw new EndOfStreamException($"Read past the end of {this}.");

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            Take(len).CopyTo(b.AsSpan(offset, len));
        }

        public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(sizeof(short)));

        public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(sizeof(int)));

        public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(sizeof(long)));

        protected override void Dispose(bool disposing)
        {
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > bytes.Length - _position)
            {
                throw new EndOfStreamException($"Read past the end of {this}.");
            }

            var span = bytes.AsSpan(_position, length);
            _position += length;
            return span;
        }
    }
}
