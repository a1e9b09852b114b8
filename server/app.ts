import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { adminRoutes } from './admin/admin.routes';
import { simulateRoutes } from './admin/simulate.routes';
import { appointmentRoutes } from './appointments/appointments.routes';
import { authRoutes } from './auth/auth.routes';
import { genericRoutes } from './channels/generic.routes';
import { twilioRoutes } from './channels/twilio.routes';
import type { InboundDeps } from './conversations/receive-inbound';
import type { AppDeps } from './deps';
import { errorHandler, notFoundHandler } from './http/errors';
import { inboxRoutes } from './inbox/inbox.routes';
import { simulatorRoutes } from './simulator/simulator.routes';

export type { AppDeps };

const UI_DIST = path.resolve(__dirname, '../inbox-ui/dist');
const UI_ROUTES = ['/simulator', '/inbox', '/login', '/admin'];

/** The composition root for HTTP: no work at import time, everything it needs is passed in. */
export function createApp(deps: AppDeps): Express {
  const { config, ds, bus, clock, log, provider, rulesets, sessions } = deps;
  const inbound: InboundDeps = { ds, rulesets, bus, clock, log, providerName: provider.name, defaultTimezone: config.DEFAULT_TIMEZONE };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);

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
  api.use(express.json({ limit: '256kb' }));
  api.use('/auth', authRoutes(ds, sessions));
  api.use('/simulator', simulatorRoutes(config, ds, inbound));
  api.use(simulateRoutes(deps));
  api.use(adminRoutes(deps));
  api.use(inboxRoutes(deps));
  api.use(appointmentRoutes(deps));
  app.use('/api', api);

  if (fs.existsSync(path.join(UI_DIST, 'index.html'))) {
    app.use(express.static(UI_DIST, { index: false, maxAge: '1h' }));
    app.get(['/', ...UI_ROUTES.flatMap((r) => [r, `${r}/*rest`])], (req, res) => {
      if (req.path === '/') return res.redirect('/inbox');
      res.sendFile(path.join(UI_DIST, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
