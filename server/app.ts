import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { adminRoutes } from './admin/admin.routes';
import { simulateRoutes } from './admin/simulate.routes';
import { appointmentRoutes } from './appointments/appointments.routes';
import { authRoutes } from './auth/auth.routes';
import { bearerToken } from './auth/session-token';
import { aliyunRoutes } from './channels/aliyun.routes';
import { genericRoutes } from './channels/generic.routes';
import { tencentRoutes } from './channels/tencent.routes';
import { callbackPlaces } from './channels/channel-callbacks';
import { twilioRoutes } from './channels/twilio.routes';
import type { InboundDeps } from './conversations/receive-inbound';
import type { AppDeps } from './deps';
import { errorHandler, notFoundHandler } from './http/errors';
import { healthRoutes } from './health/health.routes';
import { refuseForeignOrigins } from './http/same-origin';
import { securityHeaders } from './http/security-headers';
import { inboxRoutes } from './inbox/inbox.routes';
import { simulatorRoutes } from './simulator/simulator.routes';
import { LoopbackProvider } from './channels/loopback.channel';
import { mediaRoutes } from './media/media.routes';
import { contactTransferRoutes } from './contacts/contact-transfer.routes';
import { contactsRoutes } from './contacts/contacts.routes';
import { setupRoutes } from './setup/setup.routes';
import { profileRoutes } from './team/profile.routes';
import { teamRoutes } from './team/team.routes';
import { cannedRoutes } from './canned/canned.routes';
import { activityRoutes } from './activity/activity.routes';
import { notificationRoutes } from './notifications/notifications.routes';
import { openApiRoutes } from './openapi/openapi.routes';
import { shortLinkRoutes } from './links/short-link.routes';
import { channelRoutes } from './channels/channels.routes';
import { channelTemplateRoutes } from './channels/channel-templates.routes';
import { campaignRoutes } from './campaigns/campaigns.routes';
import { segmentRoutes } from './campaigns/segments.routes';
import { countRequests, countWebhooks } from './metrics/http-metrics';
import { metricsRoute } from './metrics/metrics-endpoint';
import { metricsOnMainPort } from './metrics/metrics-setup';
import { labelRoute } from './metrics/route-patterns';
import { conversationReportRoutes } from './reports/conversation-report.routes';
import { messageReportRoutes } from './reports/message-reports.routes';
import { appointmentReportRoutes } from './reports/appointment-reports.routes';
import { csatReportRoutes } from './reports/csat-reports.routes';
import { campaignReportRoutes } from './reports/campaign-reports.routes';
import { PROJECT_ROOT } from './shared/project-root';
import { sendResponseRoutes } from './reports/send-responses.routes';

export type { AppDeps };

const UI_DIST = path.join(PROJECT_ROOT, 'inbox-ui', 'dist');
const UI_ROUTES = ['/inbox', '/login', '/admin', '/invite', '/profile', '/contacts', '/calendar', '/campaigns', '/reports', '/setup'];

/** The composition root for HTTP: no work at import time, everything it needs is passed in. */
export function createApp(deps: AppDeps): Express {
  const { config, ds, bus, clock, log, provider, rulesets, sessions, loginBrake, channels, metrics } = deps;
  const inbound: InboundDeps = { ds, rulesets, bus, clock, log, defaultTimezone: config.DEFAULT_TIMEZONE, channels, metrics, replies: deps.replies };
  const app = express();
  app.disable('x-powered-by');
  // First, so a request's time is its whole answer and every answer is counted, refusals included.
  if (metrics) app.use(countRequests(metrics, app));
  // X-Forwarded-For counts only when a proxy on this machine or a private network adds it: trusting it from anyone
  // would let a client pick the address the login brake counts by.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(securityHeaders(config.PUBLIC_URL));

  app.use(healthRoutes(deps.readiness));
  if (metrics && metricsOnMainPort(config)) app.get('/metrics', metricsRoute(metrics, config.METRICS_TOKEN));

  // Each provider's callbacks counted by how they were answered; nothing is added when metrics are off.
  const webhooks = (providerName: string) => (metrics ? [countWebhooks(metrics, providerName)] : []);
  app.use('/webhooks/twilio', ...webhooks('twilio'), twilioRoutes(config, inbound, (accountSid) => channels.twilioTokens(accountSid)));
  app.use('/webhooks/generic', ...webhooks('generic'), genericRoutes(config, inbound));
  app.use('/webhooks/aliyun', ...webhooks('aliyun'), aliyunRoutes(config, inbound, () => callbackPlaces(channels, config, 'aliyun')));
  app.use('/webhooks/tencent', ...webhooks('tencent'), tencentRoutes(config, inbound, () => callbackPlaces(channels, config, 'tencent')));
  app.use('/s', shortLinkRoutes(deps));

  const api = express.Router();
  // Before the body is even read: a Bearer request cannot be forged by another site, a cookie (or no) session can.
  api.use(refuseForeignOrigins(config.PUBLIC_URL, (req) => !bearerToken(req.headers)));
  api.use(express.json({ limit: '256kb' }));
  api.use('/auth', authRoutes(ds, sessions, {
    brake: loginBrake, secureCookie: config.PUBLIC_URL?.startsWith('https:') ?? false,
    businessTimezone: async () => (await rulesets.get()).source.settings.timezone,
  }));
  api.use('/simulator', simulatorRoutes(config, ds, inbound, sessions, provider instanceof LoopbackProvider ? provider.media : null));
  api.use(mediaRoutes(deps));
  api.use(openApiRoutes());
  api.use(simulateRoutes(deps));
  api.use(adminRoutes(deps));
  // Before the inbox's GET /contacts/:id, which would take "export" for an id.
  api.use(contactTransferRoutes(deps));
  api.use(inboxRoutes(deps));
  api.use(appointmentRoutes(deps));
  api.use(teamRoutes(deps));
  api.use(profileRoutes(deps));
  api.use(contactsRoutes(deps));
  api.use(setupRoutes(deps));
  api.use(cannedRoutes(deps));
  api.use(activityRoutes(deps));
  api.use(notificationRoutes(deps));
  api.use(channelRoutes(deps));
  api.use(channelTemplateRoutes(deps));
  api.use(segmentRoutes(deps));
  api.use(campaignRoutes(deps));
  api.use(conversationReportRoutes(deps));
  api.use(messageReportRoutes(deps));
  api.use(appointmentReportRoutes(deps));
  api.use(csatReportRoutes(deps));
  api.use(campaignReportRoutes(deps));
  api.use(sendResponseRoutes(deps));
  app.use('/api', api);

  if (fs.existsSync(path.join(UI_DIST, 'index.html'))) {
    app.use(express.static(UI_DIST, { index: false, maxAge: '1h', setHeaders: (res) => labelRoute(res as express.Response, 'static') }));
    app.get(['/', ...UI_ROUTES.flatMap((r) => [r, `${r}/*rest`])], (req, res) => {
      if (req.path === '/') return res.redirect('/inbox');
      res.sendFile(path.join(UI_DIST, 'index.html'));
    });
    // With a real provider the simulator does not exist; the page still loads (as a 404) to say why.
    app.get(['/simulator', '/simulator/*rest'], (_req, res) => {
      res.status(config.SMS_PROVIDER === 'loopback' ? 200 : 404).sendFile(path.join(UI_DIST, 'index.html'));
    });
    // A person who follows a stale link or mistypes a page gets the app's "page not found" (a 404 still), with a way
    // back, not the API's JSON. Programs (Accept: JSON or anything) and the API's own paths keep the JSON answer.
    // (Middleware, not a route: a route would become the metrics label of every unknown path, JSON ones too.)
    app.use((req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|webhooks|socket\.io)(\/|$)/.test(req.path) || req.accepts(['json', 'html']) !== 'html') return next();
      labelRoute(res, 'unmatched');   // as the JSON 404 is: a mistyped path must not become a metrics label of its own
      res.status(404).sendFile(path.join(UI_DIST, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
