import type { CampaignView } from '../../../server/campaigns/campaign-contract';

/**
 * The commands the server would accept now (campaign-control.ts, complaint-takedown.ts): content taken down starts
 * and resumes only after its review; content an admin kept down is settled, so it is offered for review no more.
 * Pure (test/ui/campaign-commands.test.ts).
 */
export function campaignCommands(c: Pick<CampaignView, 'status' | 'takenDown' | 'keptDown'> | null) {
  const s = c?.status;
  const down = c?.takenDown ?? false;
  return {
    start: (s === 'draft' || s === 'scheduled') && !down,
    pause: s === 'running',
    resume: s === 'paused' && !down,
    review: down && !(c?.keptDown ?? false),
    cancel: s === 'draft' || s === 'scheduled' || s === 'running' || s === 'paused',
    copy: !down,
  };
}
