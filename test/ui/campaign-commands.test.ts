import { join } from 'node:path';
import type * as Commands from '../../inbox-ui/src/campaigns/campaign-commands';

// The buttons a campaign's page offers (inbox-ui/src/campaigns/campaign-commands.ts), loaded by path like the other UI modules.
const { campaignCommands } = require(join(__dirname, '../../inbox-ui/src/campaigns/campaign-commands')) as typeof Commands;

it('offers the review of content taken down, in place of Resume, until an admin has decided', () => {
  expect(campaignCommands({ status: 'paused', takenDown: true, keptDown: false })).toMatchObject({ review: true, resume: false, copy: false });
});

it('offers no review once the content was kept down: that decision is final', () => {
  expect(campaignCommands({ status: 'cancelled', takenDown: true, keptDown: true }))
    .toEqual({ start: false, pause: false, resume: false, review: false, cancel: false, copy: false });
  expect(campaignCommands({ status: 'done', takenDown: true, keptDown: true }).review).toBe(false);
});
