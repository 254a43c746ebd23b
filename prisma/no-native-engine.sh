#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here.
# It fails loudly so no command can silently pretend to migrate (see README, "Data layer").
echo "prisma native schema engine is not available offline; use npm run db:* scripts" >&2
exit 1
