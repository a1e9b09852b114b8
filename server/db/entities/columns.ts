import { Column, CreateDateColumn, UpdateDateColumn, type ColumnOptions } from 'typeorm';

// One definition of each portable column shape, so SQLite and MariaDB agree on meaning.
// Timestamps are UTC with millisecond precision; JSON is stored as text (portable, and MariaDB's JSON is text anyway).
export const TimestampColumn = (options: ColumnOptions = {}) => Column({ type: 'datetime', precision: 3, ...options });
export const CreatedAt = () => CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 });
export const UpdatedAt = () => UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 });
export const JsonColumn = (options: ColumnOptions = {}) => Column({ type: 'simple-json', ...options });
export const BoolColumn = (options: ColumnOptions = {}) => Column({ type: 'boolean', default: false, ...options });
export const IntColumn = (options: ColumnOptions = {}) => Column({ type: 'integer', ...options });
export const VarcharColumn = (length: number, options: ColumnOptions = {}) => Column({ type: 'varchar', length, ...options });
export const TextColumn = (options: ColumnOptions = {}) => Column({ type: 'text', ...options });
