import type { AppDeps } from '../deps';

/** Background work for appointments (reminders, follow-up surveys) claimed from scheduled_jobs. */
export function startAppointmentWorkers(_deps: AppDeps): { stop(): Promise<void> } {
  return { stop: async () => {} };
}
