import { In, type EntityManager } from 'typeorm';
import type { Decision } from '../../rules/types';
import { IntentReviewRow, Message } from '../db/entities';

/** How far back the queue looks: the newest inbound messages, so the query stays one indexed page on both dialects. */
const SCAN_LIMIT = 500;
const UNSURE_REASONS = new Set(['low_confidence', 'no_match']);

export interface ReviewItem { messageId: number; conversationId: number; text: string; receivedAt: Date; reason: string; guess: { intent: string; score: number } | null }

/** A decision the bot was unsure about or could not place, and handed to a person or a low-confidence guess. */
export function needsReview(decision: Decision | null, threshold: number): boolean {
  if (!decision) return false;
  const stage = decision.trace?.stage;
  if (stage !== 'intent' && stage !== 'handoff') return false;
  const reason = decision.params?.reason;
  if (typeof reason === 'string' && UNSURE_REASONS.has(reason)) return true;
  return stage === 'intent' && (decision.confidence ?? 1) < threshold;
}

/**
 * Real inbound texts worth teaching the classifier with, newest first. The decision is stored as JSON, which the
 * two dialects query differently, so the filter runs here over the latest page of inbound messages.
 */
export async function reviewQueue(em: EntityManager, threshold: number, limit = 50): Promise<ReviewItem[]> {
  const recent = await em.find(Message, { where: { direction: 'in' }, order: { id: 'DESC' }, take: SCAN_LIMIT });
  const unsure = recent.filter((m) => needsReview(m.decision, threshold));
  if (unsure.length === 0) return [];
  const reviewed = new Set((await em.find(IntentReviewRow, { where: { messageId: In(unsure.map((m) => m.id)) } })).map((r) => r.messageId));
  return unsure.filter((m) => !reviewed.has(m.id)).slice(0, limit).map((m) => {
    const intent = m.decision!.trace.intent;
    return {
      messageId: m.id, conversationId: m.conversationId, text: m.body, receivedAt: m.createdAt,
      reason: String(m.decision!.params.reason ?? 'low_confidence'),
      guess: intent ? { intent: intent.name, score: intent.score } : null,
    };
  });
}
