import { apiRequest } from '../shared/api';
import type { SetupState } from '../../../server/setup/setup-contract';

// Typed calls to server/setup/setup.routes.ts; each step saves through the ordinary admin APIs.
export type { SetupState };

export const setupApi = {
  state: () => apiRequest<SetupState>('/api/setup'),
  complete: () => apiRequest<SetupState>('/api/setup/complete', { method: 'POST', body: {} }),
};
