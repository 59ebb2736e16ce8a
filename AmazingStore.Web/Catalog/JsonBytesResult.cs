namespace AmazingStore.Web.Catalog;

/// <summary>JSON that is already serialized: a cache hit costs a copy to the socket, nothing more.</summary>
public sealed class JsonBytesResult(byte[] json) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = json.Length;
        return http.Response.BodyWriter.WriteAsync(json, http.RequestAborted).AsTask();
    }
}
