import { join } from 'node:path';
import type { SegmentDefinition } from '../../server/campaigns/campaign-contract';

// The segment builder's boxes → the definition POST/PATCH /api/segments takes (inbox-ui/src/campaigns/segment-form.ts),
// loaded by path like the other UI modules.
type Form = Record<string, unknown>;
const { emptySegmentForm, toDefinition, fromDefinition } = require(join(__dirname, '../../inbox-ui/src/campaigns/segment-form')) as {
  emptySegmentForm(): Form; toDefinition(f: Form): SegmentDefinition & { name: string }; fromDefinition(name: string, d: SegmentDefinition): Form;
};

describe('the segment builder\'s definition', () => {
  it('sends only the conditions filled in: an empty builder is every contact', () => {
    expect(toDefinition({ ...emptySegmentForm(), name: ' 全部 ' })).toEqual({ name: '全部' });
  });

  it('splits tags on commas of either width, spaces and new lines, phones on lines and commas only, and reads numbers', () => {
    const def = toDefinition({
      ...emptySegmentForm(), name: '洗牙召回', tagsAny: 'vip，洗牙 新客', tagsAll: 'a、b', consent: 'marketing', tiers: ['active', 'ordinary'],
      noVisitMonths: '6', upcomingWithinDays: '', noShowWithinDays: '0', phones: '13800138000\n+86 139 0013 9000, 13700137000',
      attributes: [{ key: ' level ', op: 'equals', value: '金卡' }, { key: '', op: 'after', value: 'ignored' }],
    });
    expect(def).toEqual({
      name: '洗牙召回', tagsAny: ['vip', '洗牙', '新客'], tagsAll: ['a', 'b'], consent: 'marketing', tiers: ['active', 'ordinary'],
      noVisitMonths: 6, noShowWithinDays: 0, attributes: [{ key: 'level', op: 'equals', value: '金卡' }],
      phones: ['13800138000', '+86 139 0013 9000', '13700137000'],
    });
  });

  it('reads a stored definition back into the same boxes', () => {
    const stored: SegmentDefinition = { tagsAny: ['vip'], consent: 'transactional', noVisitMonths: 12, phones: ['+8613800138000'] };
    expect(toDefinition(fromDefinition('老客户', stored))).toEqual({ name: '老客户', ...stored });
  });
});
