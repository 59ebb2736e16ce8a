using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Bot.Telegram.InitData;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// A stand-in for telegram-web-app.js, injected before any page script. It carries initData signed for the
/// test host's bot token and records what the app does with MainButton, BackButton and friends in
/// <c>window.__tg</c>; <c>__tg.main.click()</c> / <c>__tg.back.click()</c> press the buttons as Telegram would.
/// </summary>
public static class TelegramStub
{
    public static string InitData(long telegramId, string firstName, string lastName, string languageCode)
    {
        var user = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = telegramId, ["first_name"] = firstName, ["last_name"] = lastName, ["language_code"] = languageCode,
        });
        return TelegramInitData.Sign(
        [
            new("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
            new("user", user),
            new("auth_date", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString()),
        ], StoreHost.BotToken);
    }

    public static string Script(string initData, long telegramId, string firstName, string lastName, string languageCode,
        string colorScheme = "light", string startParam = "")
    {
        var unsafeData = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["user"] = new Dictionary<string, object> { ["id"] = telegramId, ["first_name"] = firstName, ["last_name"] = lastName, ["language_code"] = languageCode },
            ["start_param"] = startParam,
        });
        return $$"""
            (() => {
              const log = { calls: [], main: { text: '', visible: false, enabled: false, cbs: [] }, back: { visible: false, cbs: [] } };
              window.__tg = log;
              const rec = (...a) => log.calls.push(a.join(' '));
              const button = (state, name, extra) => Object.assign({
                show() { state.visible = true; rec(name + '.show'); return this; },
                hide() { state.visible = false; rec(name + '.hide'); return this; },
                onClick(fn) { state.cbs.push(fn); rec(name + '.onClick'); return this; },
                offClick(fn) { state.cbs = state.cbs.filter((f) => f !== fn); rec(name + '.offClick'); return this; },
                get isVisible() { return state.visible; },
              }, extra);
              log.main.click = () => { const cbs = log.main.cbs.slice(); cbs.forEach((f) => f()); return cbs.length; };
              log.back.click = () => { const cbs = log.back.cbs.slice(); cbs.forEach((f) => f()); return cbs.length; };
              const MainButton = button(log.main, 'MainButton', {
                setText(t) { log.main.text = t; rec('MainButton.setText', t); return this; },
                enable() { log.main.enabled = true; rec('MainButton.enable'); return this; },
                disable() { log.main.enabled = false; rec('MainButton.disable'); return this; },
                showProgress() { rec('MainButton.showProgress'); return this; },
                hideProgress() { rec('MainButton.hideProgress'); return this; },
              });
              const BackButton = button(log.back, 'BackButton', {});
              window.Telegram = { WebApp: {
                initData: {{JsonSerializer.Serialize(initData)}},
                initDataUnsafe: {{unsafeData}},
                version: '8.0', platform: 'android', colorScheme: {{JsonSerializer.Serialize(colorScheme)}}, themeParams: {},
                viewportHeight: 800, viewportStableHeight: 800, isExpanded: false,
                ready() { rec('ready'); }, expand() { this.isExpanded = true; rec('expand'); }, close() { rec('close'); },
                onEvent(e) { rec('onEvent', e); }, offEvent() {},
                MainButton, BackButton,
                HapticFeedback: {
                  impactOccurred(s) { rec('haptic.impact', s); }, notificationOccurred(t) { rec('haptic.notify', t); }, selectionChanged() {},
                },
                showAlert(t, cb) { rec('showAlert', t); cb && cb(); },
                showConfirm(t, cb) { rec('showConfirm', t); cb && cb(true); },
                openLink(u) { rec('openLink', u); },
              } };
            })();
            """;
    }
}
