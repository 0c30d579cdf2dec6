import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytea } from './columns';

/**
 * Images of the studio, stored in the database so the application stays stateless, addressed by
 * the SHA-256 of their bytes: the same image uploaded twice is one row, and its URL
 * (`/media/<hash>.<ext>`) never changes meaning, so it is served with immutable caching. Only PNG,
 * JPEG and WebP (checked by their bytes, not their name); never SVG, which can carry script.
 */
export const mediaImages = pgTable(
  'media_images',
  {
    hash: text('hash').primaryKey(),
    mime: text('mime', { enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    /** the description written at upload, proposed as the alt text of the snippet */
    alt: text('alt').notNull(),
    /** the file name as uploaded (shown in the list only) */
    fileName: text('file_name').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('media_images_created_idx').on(t.createdAt)],
);
