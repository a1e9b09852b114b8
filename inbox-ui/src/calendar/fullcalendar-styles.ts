/**
 * FullCalendar 6 ships its CSS inside its JavaScript and writes it into a `<style data-fullcalendar>` element it
 * creates, which the CSP (style-src 'self', no inline styles) blocks, leaving `.sheet` null and the calendar broken.
 * It reuses an element matching `style[data-fullcalendar]` when one is already there, and only ever calls
 * `sheet.insertRule`. So we give it one first: an element named `style` in a namespace of our own (the selector matches
 * it, but it is no stylesheet, so the browser neither parses nor CSP-checks it; Chrome checks even an empty or
 * `type="text/plain"` HTML <style>) whose `sheet` is a constructable stylesheet adopted by the document. CSSOM rules
 * are not inline styles, and no CSP relaxation is needed.
 * FullCalendar looks for the element when its module is evaluated, so this module runs on import and must be imported
 * before @fullcalendar/* (CalendarPage.vue imports it first).
 */
function provideFullCalendarSheet(): void {
  if (document.head.querySelector('style[data-fullcalendar]')) return;
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const holder = document.createElementNS('urn:huixin:inert', 'style');
  holder.setAttribute('data-fullcalendar', '');
  Object.defineProperty(holder, 'sheet', { get: () => sheet });
  document.head.prepend(holder);
}

provideFullCalendarSheet();
