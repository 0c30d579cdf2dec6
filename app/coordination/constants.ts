/** Values shared by the coordinator's pages and the domain (no server code: pages import them). */
export const STATUSES = ['assigned', 'in_progress', 'completed', 'overdue', 'exempted'] as const;
export type AssignmentStatus = (typeof STATUSES)[number];

export const EXPORT_FORMATS = ['excel', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Reminder steps: days before the due date (negative: after it). */
export const DEFAULT_REMINDER_DAYS = [14, 7, -1];

export const IMPORT_FIELDS = ['email', 'name', 'surname', 'unit', 'fiscalCode', 'jobTitle'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
