/**
 * Every dashboard request `npm run bench:dashboard` times, one line each: a report route of issue 17 adds its line
 * here (the conversation, appointment, CSAT and campaign reports too). `path` gets the range's local dates; `days`
 * picks the range: the last 30 days (what the page opens on) or the last 365.
 */
export interface DashboardRoute { name: string; days: 30 | 365; path: (range: { from: string; to: string }) => string }

const r = ({ from, to }: { from: string; to: string }) => `from=${from}&to=${to}`;

export const DASHBOARD_ROUTES: DashboardRoute[] = [
  { name: 'overview', days: 30, path: (x) => `/api/reports/overview?${r(x)}` },
  { name: 'overview', days: 365, path: (x) => `/api/reports/overview?${r(x)}` },
  { name: 'delivery', days: 30, path: (x) => `/api/reports/delivery?${r(x)}` },
  { name: 'delivery', days: 365, path: (x) => `/api/reports/delivery?${r(x)}` },
  { name: 'compliance', days: 30, path: (x) => `/api/reports/compliance?${r(x)}` },
  { name: 'compliance', days: 365, path: (x) => `/api/reports/compliance?${r(x)}` },
  { name: 'delivery CSV by day', days: 365, path: (x) => `/api/reports/delivery?${r(x)}&format=csv&table=byDay` },
  { name: 'messages: first page', days: 30, path: (x) => `/api/reports/messages?${r(x)}` },
  { name: 'messages: failed', days: 30, path: (x) => `/api/reports/messages?${r(x)}&status=failed,undelivered` },
  { name: 'messages: failed', days: 365, path: (x) => `/api/reports/messages?${r(x)}&status=failed,undelivered` },
  { name: 'messages: one code', days: 365, path: (x) => `/api/reports/messages?${r(x)}&direction=out&code=twilio:30007` },
  { name: 'messages: carrier', days: 30, path: (x) => `/api/reports/messages?${r(x)}&direction=out&carrier=ctcc` },
  { name: 'messages: complaints', days: 365, path: (x) => `/api/reports/messages?${r(x)}&complaint=true` },
  { name: 'opt-outs', days: 30, path: (x) => `/api/reports/opt-outs?${r(x)}` },
  { name: 'opt-outs of a campaign', days: 365, path: (x) => `/api/reports/opt-outs?${r(x)}&send=campaign:1` },
  // The other sections of the /reports page. This bench seeds messages only, so these answer over few rows here;
  // bench:conversation-reports (a year of episodes) and bench:visit-reports (visits, surveys, campaigns) time them
  // with their own rows at a million messages.
  { name: 'conversations', days: 30, path: (x) => `/api/reports/conversations?${r(x)}` },
  { name: 'conversations', days: 365, path: (x) => `/api/reports/conversations?${r(x)}` },
  { name: 'episodes: first page', days: 30, path: (x) => `/api/reports/episodes?${r(x)}` },
  { name: 'appointments', days: 30, path: (x) => `/api/reports/appointments?${r(x)}` },
  { name: 'appointments', days: 365, path: (x) => `/api/reports/appointments?${r(x)}` },
  { name: 'csat', days: 30, path: (x) => `/api/reports/csat?${r(x)}` },
  { name: 'csat', days: 365, path: (x) => `/api/reports/csat?${r(x)}` },
  { name: 'campaigns', days: 30, path: (x) => `/api/reports/campaigns?${r(x)}` },
  { name: 'campaigns', days: 365, path: (x) => `/api/reports/campaigns?${r(x)}` },
  { name: 'responses per send', days: 30, path: (x) => `/api/reports/responses?${r(x)}` },
  { name: 'responses per send', days: 365, path: (x) => `/api/reports/responses?${r(x)}` },
];
