import { apiRequest } from '../shared/api';
import type { DemoPhone, SimMessage } from './simulator-types';

export const listDemoPhones = () =>
  apiRequest<{ items: DemoPhone[] }>('/api/simulator/phones').then((r) => r.items);

/** The whole thread of one phone, oldest first. */
export const listMessages = (phone: string) =>
  apiRequest<{ items: SimMessage[] }>(`/api/simulator/messages?phone=${encodeURIComponent(phone)}`).then((r) => r.items);

/** Text Huixin as the customer `from`; it enters the same pipeline as a real inbound SMS (pictures as an MMS). */
export const sendAsCustomer = (from: string, text: string, pictures: string[] = []) =>
  apiRequest<{ ok: true; messageId: number | string }>('/api/simulator/messages', { method: 'POST', body: { from, text, pictures } });

/** A PNG or JPEG of one's own (at most 2 MB), kept by the server until a text sends it; answers its id. */
export const uploadPicture = (file: File) =>
  apiRequest<{ picture: string }>('/api/simulator/pictures', { method: 'POST', rawBody: { content: file, type: file.type } }).then((r) => r.picture);
