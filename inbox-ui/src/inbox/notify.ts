/** Desktop notifications for hand-offs and mentions, only while the tab is in the background (and if allowed). */
export function notifyDesktop(title: string, body: string): void {
  if (typeof Notification === 'undefined' || document.visibilityState === 'visible') return;
  if (Notification.permission === 'granted') new Notification(title, { body });
}

export function askForNotifications(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}
