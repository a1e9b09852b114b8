/**
 * Names the index a table is read by, in the database's own words (after the table and its alias). On MariaDB a
 * statement over `messages` spent more CPU choosing among its eleven indexes — estimating each candidate's range
 * with dives into its B-tree — than reading the few rows it wanted: naming the index takes that choice away
 * (and with it the chance of a worse one, such as sorting a thread's texts instead of walking them backwards).
 */
export const indexHint = (mysql: boolean, index: string): string => (mysql ? `FORCE INDEX (${index})` : `INDEXED BY ${index}`);
