namespace TradingAlerts.Web.Views;

/// <summary>
/// The one script, served at /app.js (the content security policy allows no inline script). It only enhances pages
/// that work without it: times in the browser's time zone, the create form's fields and sentence, the live alerts list.
/// The sentence's words come from <c>GET /api/describe</c> (<see cref="AlertSentence"/>), never from here.
/// </summary>
internal static class Script
{
    public const string Js = """
        "use strict";
        (() => {
          const pad = n => String(n).padStart(2, "0");
          const zone = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" });

          // "2026-11-25 13:00:00 GMT+1": the page's UTC shape, in the browser's zone; the title keeps the UTC time.
          function localTime(element) {
            const time = new Date(element.getAttribute("datetime"));
            if (isNaN(time)) return;
            const name = zone.formatToParts(time).find(part => part.type === "timeZoneName")?.value ?? "";
            element.textContent = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ` +
              `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())} ${name}`.trimEnd();
          }

          function timeElement(iso) {
            const time = new Date(iso);
            const element = document.createElement("time");
            element.setAttribute("datetime", time.toISOString().replace(/\.\d{3}Z$/, "Z"));
            element.title = element.getAttribute("datetime").replace("T", " ").replace("Z", " UTC");
            localTime(element);
            return element;
          }

          function createForm(form) {
            const condition = form.querySelector("#condition");
            const frequency = form.querySelector("#frequency");
            const sentence = document.getElementById("sentence");
            // A hidden group is also disabled, so the values of another condition are not posted.
            const show = () => {
              for (const group of form.querySelectorAll("[data-conditions]")) {
                const shown = group.dataset.conditions.split(" ").includes(condition.value);
                group.hidden = !shown; group.disabled = !shown;
              }
              for (const group of form.querySelectorAll("[data-frequency]")) {
                const shown = group.dataset.frequency === frequency.value;
                group.hidden = !shown; group.disabled = !shown;
              }
            };
            let timer = 0, asked = 0;
            const describe = async () => {
              const query = new URLSearchParams();
              for (const [name, value] of new FormData(form))
                if (name !== "__RequestVerificationToken" && typeof value === "string" && value !== "") query.append(name, value);
              const mine = ++asked;
              try {
                const answer = await fetch(`/api/describe?${query}`, { headers: { Accept: "application/json" } });
                const body = await answer.json();
                if (mine !== asked) return;
                sentence.textContent = answer.ok ? body.sentence
                  : "Not complete yet: " + Object.entries(body.errors ?? {}).map(([field, messages]) => `${field} ${messages.join("; ")}`).join(", ");
              } catch {
                if (mine === asked) sentence.textContent = "";
              }
            };
            const changed = () => { show(); clearTimeout(timer); timer = setTimeout(describe, 300); };
            form.addEventListener("input", changed);
            form.addEventListener("change", changed);
            show();
            if (sentence.textContent.trim() === "") describe();
          }

          const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 });

          function liveList(table) {
            const refresh = async () => {
              try {
                const answer = await fetch(table.dataset.refresh, { headers: { Accept: "application/json" } });
                if (!answer.ok) return;
                for (const alert of await answer.json()) {
                  const row = table.querySelector(`tr[data-id="${CSS.escape(alert.id)}"]`);
                  if (!row) continue;
                  const cell = name => row.querySelector(`td.${name}`);
                  const from = alert.price_exchange && alert.price_exchange !== alert.exchange ? ` (${alert.price_exchange})` : "";
                  cell("price").textContent = alert.current_price == null ? "-" : money.format(alert.current_price) + from;
                  const distance = alert.distance_pct;
                  cell("distance").textContent = distance == null ? "-" : `${distance > 0 ? "+" : ""}${distance.toFixed(2)} %`;
                  cell("status").textContent = alert.status;
                  cell("fired").textContent = alert.triggered_count;
                  cell("last-fired").replaceChildren(alert.triggered_at ? timeElement(alert.triggered_at) : "-");
                }
              } catch {
                // The page still shows the last answer; the next refresh tries again.
              }
            };
            setInterval(refresh, Number(table.dataset.every) * 1000);
          }

          document.querySelectorAll("time[datetime]").forEach(localTime);
          const form = document.getElementById("create");
          if (form) createForm(form);
          const alerts = document.querySelector("table#alerts[data-refresh]");
          if (alerts) liveList(alerts);
        })();
        """;
}
