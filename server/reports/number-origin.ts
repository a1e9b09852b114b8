import metadata from 'libphonenumber-js/metadata.min.json';

/**
 * What an E.164 number tells about where a text went, for slicing delivery: the mainland carrier (from the number's
 * prefix: Chinese numbers keep their prefix when ported, so this is the carrier that issued it, which is what routes
 * it for most gateways) and the country or region (from the calling code). Pure, no I/O.
 *
 * There is no province or city: that needs a number-segment database (号段库, ~500,000 rows that change monthly),
 * which Huixin does not carry. A region is a calling code's country; +1 is "US/CA" (the whole North American
 * numbering plan shares it, and telling the US from Canada needs area codes).
 */
export type Carrier = 'cmcc' | 'cucc' | 'ctcc' | 'cbn' | 'mvno' | 'cn_other';

export const CARRIER_NAMES: Record<Carrier | '', { zh: string; en: string }> = {
  cmcc: { zh: '中国移动', en: 'China Mobile' },
  cucc: { zh: '中国联通', en: 'China Unicom' },
  ctcc: { zh: '中国电信', en: 'China Telecom' },
  cbn: { zh: '中国广电', en: 'China Broadnet' },
  mvno: { zh: '虚拟运营商', en: 'Virtual operator (MVNO)' },
  cn_other: { zh: '其他（固话或未知号段）', en: 'Other (landline or unknown range)' },
  '': { zh: '境外号码', en: 'Outside mainland China' },
};

/**
 * Mainland mobile prefixes (the three digits after 86) by the carrier that holds them, as MIIT assigned them up to
 * 2024. 162/165/167/170/171 are the virtual operators' ranges (hosted on one of the big three, sold by others).
 */
const PREFIXES: Record<Exclude<Carrier, 'cn_other'>, string[]> = {
  cmcc: ['134', '135', '136', '137', '138', '139', '147', '148', '150', '151', '152', '157', '158', '159', '172', '178', '182', '183', '184', '187', '188', '195', '197', '198'],
  cucc: ['130', '131', '132', '145', '146', '155', '156', '166', '175', '176', '185', '186', '196'],
  ctcc: ['133', '149', '153', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199'],
  cbn: ['192'],
  mvno: ['162', '165', '167', '170', '171'],
};
/** Four-digit exceptions inside a three-digit range: 1349 is China Telecom's satellite range inside Mobile's 134. */
const EXCEPTIONS: Record<string, Carrier> = { 1349: 'ctcc' };

const BY_PREFIX = new Map<string, Carrier>(Object.entries(PREFIXES).flatMap(([carrier, list]) => list.map((p) => [p, carrier as Carrier] as const)));

/**
 * The mainland carrier of an E.164 number; '' for a number outside mainland China.
 * @example carrierOf('+8613800138000') // → 'cmcc'
 * @example carrierOf('+8617012345678') // → 'mvno'
 * @example carrierOf('+85291234567')   // → ''
 */
export function carrierOf(phone: string): Carrier | '' {
  if (!phone.startsWith('+86')) return '';
  const national = phone.slice(3);
  if (national.length !== 11 || national[0] !== '1') return 'cn_other';
  return EXCEPTIONS[national.slice(0, 4)] ?? BY_PREFIX.get(national.slice(0, 3)) ?? 'cn_other';
}

/** Calling code → its main country (libphonenumber's metadata lists the main one first: 7 → RU, 44 → GB). */
const CALLING_CODES = metadata.country_calling_codes as Record<string, string[]>;

/**
 * The country or region of an E.164 number from its calling code (calling codes are prefix-free, so the first of
 * 1–3 digits that is one is the one); '?' when none is.
 * @example regionOf('+8613800138000') // → 'CN'
 * @example regionOf('+14155550100')   // → 'US/CA'
 * @example regionOf('+85291234567')   // → 'HK'
 */
export function regionOf(phone: string): string {
  if (!phone.startsWith('+')) return '?';
  for (let digits = 1; digits <= 3; digits++) {
    const code = phone.slice(1, 1 + digits);
    if (code === '1') return 'US/CA';
    const countries = CALLING_CODES[code];
    if (countries?.length) return countries[0]!;
  }
  return '?';
}

/**
 * How a stored number is told to be of `carrier`, as E.164 prefixes, for the drill-down lists (which filter numbers
 * by what the report counted them as): `anyOf` prefixes unless one of `noneOf`, an 11-digit mobile number; for
 * `cn_other`, +86 and none of the known mobile ranges; for '' (abroad), not +86.
 */
export function carrierRanges(carrier: Carrier | ''): { anyOf: string[]; noneOf: string[] } {
  if (carrier === '' || carrier === 'cn_other') return { anyOf: [], noneOf: [...BY_PREFIX.keys()].map((p) => `+86${p}`) };
  return {
    anyOf: [...PREFIXES[carrier].map((p) => `+86${p}`), ...Object.entries(EXCEPTIONS).filter(([, c]) => c === carrier).map(([p]) => `+86${p}`)],
    noneOf: Object.entries(EXCEPTIONS).filter(([, c]) => c !== carrier).map(([p]) => `+86${p}`),
  };
}

/** The calling codes (as `+code` prefixes) whose numbers regionOf names `region`. */
export function prefixesOfRegion(region: string): string[] {
  if (region === 'US/CA') return ['+1'];
  return Object.entries(CALLING_CODES).filter(([, countries]) => countries[0] === region).map(([code]) => `+${code}`);
}

export const isCarrier = (value: string): value is Carrier => value in CARRIER_NAMES && value !== '';
