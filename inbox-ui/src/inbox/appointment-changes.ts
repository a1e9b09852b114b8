import { ref } from 'vue';

/**
 * Bumped whenever the open thread learns that one of its contact's appointments changed: a one-click action in the
 * thread, or an appointment line arriving in its activity (a colleague's change, the customer's by SMS). The inbox
 * keys the contact panel on it, so the panel shows the new state at once instead of at the next text.
 */
export const appointmentChanges = ref(0);
export const noteAppointmentChange = (): void => { appointmentChanges.value += 1; };
