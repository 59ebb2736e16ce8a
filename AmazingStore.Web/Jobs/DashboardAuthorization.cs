using AmazingStore.Web.Auth;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Who may see /hangfire: the holder of a dashboard session, or a request with an admin's initData
/// (API clients). Admin rights are the role the initData check grants (<see cref="TmaAuthenticationHandler"/>)
/// and the admin policy confirms, carried into the session when it was issued: there is no second admin rule here. Hangfire answers
/// 401 when the request's user is anonymous and 403 when it is signed in without the role.
/// </summary>
public sealed class DashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var result = await http.AuthenticateAsync(DashboardSession.Scheme);
        if (result.Succeeded)
        {
            http.User = result.Principal;
            return result.Principal.IsInRole(CustomerAuth.AdminRole);
        }
        result = await http.AuthenticateAsync(CustomerAuth.Scheme);
        if (!result.Succeeded) return false;
        http.User = result.Principal;
        // initData: the admin policy itself (its age and the row as it is now, CurrentAdminHandler), as on /api/admin.
        var authorization = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationService>();
        return (await authorization.AuthorizeAsync(result.Principal, http, CustomerAuth.AdminPolicy)).Succeeded;
    }
}
