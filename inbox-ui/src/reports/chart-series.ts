/** One series of a ReportChart: its values in category order. */
export interface ChartSeries {
  name: string;
  values: Array<number | null>;
  type: 'line' | 'bar';
  color: string;
  /** Bars of one stack sit on each other (delivered on failed). */
  stack?: string;
  /** The right-hand axis, in the chart's `rightKind` units (a rate beside counts). */
  right?: boolean;
}
