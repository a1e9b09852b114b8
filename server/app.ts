import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { adminRoutes } from './admin/admin.routes';
import { simulateRoutes } from './admin/simulate.routes';
import { appointmentRoutes } from './appointments/appointments.routes';
import { authRoutes } from './auth/auth.routes';
import { bearerToken } from './auth/session-token';
import { genericRoutes } from './channels/generic.routes';
import { twilioRoutes } from './channels/twilio.routes';
import type { InboundDeps } from './conversations/receive-inbound';
import type { AppDeps } from './deps';
import { errorHandler, notFoundHandler } from './http/errors';
import { refuseForeignOrigins } from './http/same-origin';
import { securityHeaders } from './http/security-headers';
import { inboxRoutes } from './inbox/inbox.routes';
import { simulatorRoutes } from './simulator/simulator.routes';
import { contactTransferRoutes } from './contacts/contact-transfer.routes';
import { contactsRoutes } from './contacts/contacts.routes';
import { setupRoutes } from './setup/setup.routes';
import { profileRoutes } from './team/profile.routes';
import { teamRoutes } from './team/team.routes';
import { cannedRoutes } from './canned/canned.routes';
import { activityRoutes } from './activity/activity.routes';

export type { AppDeps };

const UI_DIST = path.resolve(__dirname, '../inbox-ui/dist');
const UI_ROUTES = ['/inbox', '/login', '/admin', '/invite', '/profile', '/contacts', '/calendar', '/setup'];

/** The composition root for HTTP: no work at import time, everything it needs is passed in. */
export function createApp(deps: AppDeps): Express {
  const { config, ds, bus, clock, log, provider, rulesets, sessions, loginBrake } = deps;
  const inbound: InboundDeps = { ds, rulesets, bus, clock, log, providerName: provider.name, defaultTimezone: config.DEFAULT_TIMEZONE };
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For counts only when a proxy on this machine or a private network adds it: trusting it from anyone
  // would let a client pick the address the login brake counts by.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.use(securityHeaders(config.PUBLIC_URL));

  app.get('/healthz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.use('/webhooks/twilio', twilioRoutes(config, inbound));
  app.use('/webhooks/generic', genericRoutes(config, inbound));

  const api = express.Router();
  // Before the body is even read: a Bearer request cannot be forged by another site, a cookie (or no) session can.
  api.use(refuseForeignOrigins(config.PUBLIC_URL, (req) => !bearerToken(req.headers)));
  api.use(express.json({ limit: '256kb' }));
  api.use('/auth', authRoutes(ds, sessions, { brake: loginBrake, secureCookie: config.PUBLIC_URL?.startsWith('https:') ?? false }));
  api.use('/simulator', simulatorRoutes(config, ds, inbound, sessions));
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
  app.use('/api', api);

  if (fs.existsSync(path.join(UI_DIST, 'index.html'))) {
    app.use(express.static(UI_DIST, { index: false, maxAge: '1h' }));
    app.get(['/', ...UI_ROUTES.flatMap((r) => [r, `${r}/*rest`])], (req, res) => {
      if (req.path === '/') return res.redirect('/inbox');
      res.sendFile(path.join(UI_DIST, 'index.html'));
    });
    // With a real provider the simulator does not exist; the page still loads (as a 404) to say why.
    app.get(['/simulator', '/simulator/*rest'], (_req, res) => {
      res.status(config.SMS_PROVIDER === 'loopback' ? 200 : 404).sendFile(path.join(UI_DIST, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
