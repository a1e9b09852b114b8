/**
 * The header row of a CSV file, read in the browser so each column can be mapped before anything is sent. Excel in
 * China saves GBK: a file that is not valid UTF-8 is read as GBK instead (the server detects the same way).
 */
export function decodeCsv(bytes: ArrayBuffer): { text: string; encoding: 'utf-8' | 'gbk' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };   // strips a BOM too
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** The first record's fields: commas split, double quotes group (and "" is a quote), a newline outside quotes ends it. */
export function headerOf(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field.trim()); field = ''; }
    else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field.trim());
  return fields.filter((f, i) => f !== '' || i < fields.length - 1);
}

/** A first guess at each column's field: its own name when it is one (phone, 电话, 姓名 …, a custom field's key or label), else ignore. */
export function guessMapping(header: string[], fields: Array<{ key: string; labels: Record<string, string> }>): Record<string, string> {
  const aliases: Record<string, string> = {
    phone: 'phone', mobile: 'phone', 电话: 'phone', 手机: 'phone', 手机号: 'phone', name: 'name', 姓名: 'name', 名字: 'name',
    tags: 'tags', 标签: 'tags', consent: 'consent', 同意: 'consent', locale: 'locale', 语言: 'locale', timezone: 'timezone', 时区: 'timezone',
  };
  return Object.fromEntries(header.map((h) => {
    const key = h.toLowerCase();
    const field = fields.find((f) => f.key === h || Object.values(f.labels).includes(h));
    return [h, aliases[key] ?? aliases[h] ?? field?.key ?? 'ignore'];
  }));
}
