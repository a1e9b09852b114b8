// The shapes the canned-reply routes answer with, shared with the UI (no server imports here).

export type CannedScope = 'team' | 'mine';
/** `editable`: whether this agent may change it (the team's by admins, one's own by oneself). */
export interface CannedReplyView { id: number; shortcut: string; bodies: Record<string, string>; scope: CannedScope; editable: boolean }
/** A reply filled in for one conversation's contact; `preview` null with the reason when it cannot be. */
export interface CannedPreview { id: number; shortcut: string; scope: CannedScope; preview: string | null; error?: string }
