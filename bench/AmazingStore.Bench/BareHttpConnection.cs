using System.Net.Sockets;
using System.Text;

namespace AmazingStore.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection for the checkout load: requests written from prepared text,
/// replies read by Content-Length or chunks. The load generator shares the two cores with the store
/// and PostgreSQL, so it should cost as little as wrk and pgbench do; HttpClient cost about a tenth of
/// the machine's time per order.
/// </summary>
public sealed class BareHttpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly string _hostHeader;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    private BareHttpConnection(Socket socket, string hostHeader)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _hostHeader = hostHeader;
    }

    public static async Task<BareHttpConnection> OpenAsync(Uri baseUrl, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try { await socket.ConnectAsync(baseUrl.Host, baseUrl.Port, ct); }
        catch { socket.Dispose(); throw; }
        return new BareHttpConnection(socket, $"{baseUrl.Host}:{baseUrl.Port}");
    }

    /// <summary>Sends one request and reads its whole reply. <paramref name="headers"/>: "Name: value\r\n" lines.</summary>
    public async Task<(int Status, byte[] Body)> SendAsync(string method, string path, string headers, string? json, CancellationToken ct)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = $"{method} {path} HTTP/1.1\r\nHost: {_hostHeader}\r\n{headers}" +
                   (json is null ? "Content-Length: 0\r\n\r\n" : $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var request = new byte[Encoding.ASCII.GetByteCount(head) + body.Length];
        var n = Encoding.ASCII.GetBytes(head, request);
        body.CopyTo(request, n);
        await _stream.WriteAsync(request, ct);

        var status = ParseStatus(await ReadLineAsync(ct));
        long? length = null;
        var chunked = false;
        for (var line = await ReadLineAsync(ct); line.Length > 0; line = await ReadLineAsync(ct))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = long.Parse(value);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        }
        if (!chunked) return (status, await ReadExactAsync(ct, (int)(length ?? 0)));

        var reply = new MemoryStream();
        for (var chunk = 0; chunk < 100_000; chunk++)
        {
            var sizeLine = await ReadLineAsync(ct);
            var semi = sizeLine.IndexOf(';');
            var size = Convert.ToInt32(semi >= 0 ? sizeLine[..semi] : sizeLine, 16);
            if (size == 0)
            {
                while ((await ReadLineAsync(ct)).Length > 0) { } // trailers, then the blank line
                return (status, reply.ToArray());
            }
            reply.Write(await ReadExactAsync(ct, size));
            await ReadLineAsync(ct);
        }
        throw new IOException("Too many chunks in one reply.");
    }

    private static int ParseStatus(string statusLine)
    {
        // "HTTP/1.1 201 Created"
        var parts = statusLine.Split(' ', 3);
        return parts.Length >= 2 && int.TryParse(parts[1], out var s) ? s : throw new IOException($"Bad status line '{statusLine}'.");
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        for (var reads = 0; reads < 1_000; reads++)
        {
            var at = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (at >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, at - _start).TrimEnd('\r');
                _start = at + 1;
                return line;
            }
            await FillAsync(ct);
        }
        throw new IOException("Header line too long.");
    }

    private async Task<byte[]> ReadExactAsync(CancellationToken ct, int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end) await FillAsync(ct);
            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }
        return result;
    }

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new IOException("Reply header larger than the buffer.");
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
        if (read == 0) throw new IOException("The server closed the connection.");
        _end += read;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
