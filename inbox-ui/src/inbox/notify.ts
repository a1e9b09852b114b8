/**
 * Desktop notifications for hand-offs, my customers' texts and mentions, only while the tab is in the background (and
 * if allowed). One `tag` per conversation: a newer notice replaces the older instead of stacking up.
 */
export function notifyDesktop(title: string, body: string, tag?: string): void {
  if (typeof Notification === 'undefined' || document.visibilityState === 'visible') return;
  if (Notification.permission === 'granted') new Notification(title, { body, ...(tag ? { tag } : {}) });
}

export function askForNotifications(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}
