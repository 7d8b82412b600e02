using FinanceMarket.FunctionalTests.Dashboard;
using Microsoft.Playwright;

namespace FinanceMarket.FunctionalTests.Pages;

// The basics a page must meet wherever it is: every control has a name, keyboard focus reaches every
// control in order, visible text has WCAG AA contrast (4.5:1) against what is behind it, and every control
// is big enough to hit: 24×24 CSS px at the least (WCAG 2.2's 2.5.8), 44 px tall for a thumb where the page
// is used on a phone (the enterprise's). A checkbox's or radio's target is its label too, as a click on
// either ticks it; a link inside a sentence is exempt, as the criterion says.
public static class Accessibility
{
    private const string SmallTargets = """
        (least) => {
          const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
          const inSentence = (a) => a.tagName === 'A' && !a.closest('nav') && !a.classList.contains('button')
            && [...a.parentElement.childNodes].some((n) => n !== a && n.textContent.trim());
          const problems = [];
          for (const control of document.querySelectorAll('a[href], input, select, textarea, button, summary')) {
            if (!visible(control) || control.type === 'hidden' || inSentence(control)) continue;
            const boxes = [control.getBoundingClientRect()];
            if (control.type === 'checkbox' || control.type === 'radio') {
              for (const label of control.labels ?? []) boxes.push(label.getBoundingClientRect());
            }
            const width = Math.max(...boxes.map((b) => b.width));
            const height = Math.max(...boxes.map((b) => b.height));
            if (width < Math.min(least, 24) || height < least) {
              problems.push(`${Math.round(width)}×${Math.round(height)} px: ${control.outerHTML.slice(0, 80)}`);
            }
          }
          return problems;
        }
        """;

    private const string Problems = """
        () => {
          const problems = [];
          const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
          for (const control of document.querySelectorAll('input, select, textarea, button')) {
            if (!visible(control) || control.type === 'hidden') continue;
            const named = control.labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby')
              || (control.tagName === 'BUTTON' && control.textContent.trim());
            if (!named) problems.push(`no accessible name: ${control.outerHTML.slice(0, 80)}`);
          }
          const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const luminance = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const background = (e) => {
            for (let node = e; node; node = node.parentElement) {
              const [r, g, b, a] = rgb(getComputedStyle(node).backgroundColor);
              if (a === undefined || a > 0) return [r, g, b];
            }
            return [255, 255, 255];
          };
          for (const e of document.querySelectorAll('body *')) {
            const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
            if (!text || !visible(e)) continue;
            const [l1, l2] = [luminance(rgb(getComputedStyle(e).color)), luminance(background(e))].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)}:1 for "${e.textContent.trim().slice(0, 40)}"`);
          }
          return problems;
        }
        """;

    // minimumTarget: the least height of a control in CSS px (24 on a desk, 44 on a phone).
    public static async Task AssertBasicsAsync(IPage page, int minimumTarget = 24)
    {
        Assert.Empty(await page.EvaluateAsync<string[]>(Problems));
        Assert.Empty(await page.EvaluateAsync<string[]>(SmallTargets, minimumTarget));

        // Tab round the page: focus must reach every control a keyboard user can use, each one by name, without
        // a trap. The page keeps the list, so each stop is told by the element itself, not by counting stops.
        var controls = await page.EvaluateAsync<string[]>("""
            () => {
              // A closed <details> keeps its controls laid out but out of Tab's reach, all but its own summary.
              const closedAround = (e) => {
                for (let d = e.parentElement?.closest('details'); d; d = d.parentElement?.closest('details')) {
                  if (!d.open && !(e.tagName === 'SUMMARY' && e.parentElement === d)) return true;
                }
                return false;
              };
              // A modal dialog makes the rest of the page inert: Tab goes round the dialog alone.
              const modal = document.querySelector('dialog:modal');
              const usable = (e) => e.getClientRects().length && !e.disabled && e.type !== 'hidden'
                && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert]')
                && !closedAround(e) && (!modal || modal.contains(e))
                // A toast comes and goes by itself (a success leaves after seconds): not a stop to count on.
                && !e.closest('#toasts');
              window.tabControls = [...document.querySelectorAll('a[href], input, select, textarea, button, summary')].filter(usable);
              return window.tabControls.map((e) => e.id || e.outerHTML.slice(0, 80));
            }
            """);
        // Chromium stops on a date input four times (its year, month and day, then its calendar button): three
        // more presses for each. Leaving the page and coming back round costs a press or two more.
        var dateStops = await page.EvaluateAsync<int>("() => window.tabControls.filter((e) => e.type === 'date').length * 3");
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        var reached = new List<int>();
        for (var i = 0; i < controls.Length + dateStops + 5; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // A live page (the dashboard every 2 seconds) may draw a control again mid-round: the new element
            // stands for the old one it replaced, told by the same markup.
            reached.Add(await page.EvaluateAsync<int>("""
                () => {
                  const active = document.activeElement;
                  const at = window.tabControls.indexOf(active);
                  return at >= 0 || !active ? at : window.tabControls.findIndex((e) => !e.isConnected && e.outerHTML === active.outerHTML);
                }
                """));
        }

        var missed = controls.Where((_, index) => !reached.Contains(index)).ToList();
        Assert.True(missed.Count == 0,
            $"Tab never reached {missed.Count} of {controls.Length} controls: {string.Join("; ", missed)} (the stops, by index: {string.Join(" ", reached)})");
    }
}
