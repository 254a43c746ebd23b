// Prisma 7 CLI configuration: used by `prisma generate` (client generation needs no database).
// Migrations are created and applied offline by scripts in prisma/tools (see README, "Data layer").
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
});
