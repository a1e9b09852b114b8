/**
 * `%text%` for `LIKE … ESCAPE '!'`: the text's own % and _ match themselves. '!' rather than a backslash, which means
 * different things in SQLite and MariaDB string literals.
 */
export const containing = (text: string) => `%${text.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
