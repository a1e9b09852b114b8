/**
 * What can be done to an appointment over the API (`POST /api/appointments/:id/:command`). Plain data, no imports:
 * the inbox UI types its buttons with it as well.
 */
export const APPOINTMENT_COMMANDS = ['confirm', 'cancel', 'reschedule', 'remind', 'complete', 'no-show'] as const;
export type Command = typeof APPOINTMENT_COMMANDS[number];
