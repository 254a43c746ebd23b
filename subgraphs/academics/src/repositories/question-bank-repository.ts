import type { Prisma, QuestionType, TenantDatabase } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';
import { questionContent, type QuestionContent } from '../services/question-content.js';

export const questionSelect = {
  id: true,
  schoolId: true,
  subjectId: true,
  latestVersion: true,
  type: true,
  tags: true,
  createdAt: true,
} satisfies Prisma.QuestionSelect;

export type QuestionRecord = Prisma.QuestionGetPayload<{ select: typeof questionSelect }>;
export type QuestionPage = Connection<QuestionRecord>;

const versionSelect = {
  id: true,
  schoolId: true,
  questionId: true,
  version: true,
  type: true,
  prompt: true,
  content: true,
  tags: true,
  difficulty: true,
  createdAt: true,
} satisfies Prisma.QuestionVersionSelect;

type VersionRow = Prisma.QuestionVersionGetPayload<{ select: typeof versionSelect }>;

/** A question version with its content parsed (never the raw JSON). */
export type QuestionVersionModel = Omit<VersionRow, 'content'> & { content: QuestionContent };
export type QuestionVersionPage = Connection<QuestionVersionModel>;

/**
 * Stored JSON is parsed on the way out too: a row whose content does not match its type (edited by
 * hand, or by a bug) fails loudly here instead of being graded against garbage.
 */
function toModel(row: VersionRow): QuestionVersionModel {
  const content = questionContent.parse(row.content);
  if (content.type !== row.type) throw new Error(`question version ${row.id}: content type ≠ column type`);
  return { ...row, content };
}

export interface QuestionDraft {
  type: QuestionType;
  prompt: string;
  content: QuestionContent;
  tags: string[];
  difficulty: number;
}

export interface QuestionFilter {
  subjectId: string | null;
  tag: string | null;
  type: QuestionType | null;
}

export class QuestionBankRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<QuestionRecord[]> {
    return this.db.forTenant(schoolId).question.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: questionSelect,
    });
  }

  async versionsByIds(schoolId: string, ids: readonly string[]): Promise<QuestionVersionModel[]> {
    const rows = await this.db.forTenant(schoolId).questionVersion.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: versionSelect,
    });
    return rows.map(toModel);
  }

  /** Versions by `<questionId>:<version>` keys. */
  async versionsByNumber(schoolId: string, keys: readonly string[]): Promise<QuestionVersionModel[]> {
    const pairs = keys
      .map((key) => key.split(':'))
      .filter(
        (parts): parts is [string, string] => parts.length === 2 && onlyUuids([parts[0] ?? '']).length === 1,
      )
      .map(([questionId, version]) => ({ questionId, version: Number(version) }))
      .filter((pair) => Number.isInteger(pair.version));
    if (pairs.length === 0) return [];
    const rows = await this.db.forTenant(schoolId).questionVersion.findMany({
      where: { schoolId, OR: pairs },
      select: versionSelect,
    });
    return rows.map(toModel);
  }

  pageOfBank(schoolId: string, filter: QuestionFilter, page: PageRequest): Promise<QuestionPage> {
    const where: Prisma.QuestionWhereInput = {
      schoolId,
      ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
      ...(filter.tag ? { tags: { has: filter.tag } } : {}),
      ...(filter.type ? { type: filter.type } : {}),
    };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).question.findMany({
          where,
          select: questionSelect,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).question.count({ where }),
    );
  }

  async pageOfVersions(
    schoolId: string,
    questionId: string,
    page: PageRequest,
  ): Promise<QuestionVersionPage> {
    const where = { schoolId, questionId };
    const connection = await paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).questionVersion.findMany({
          where,
          select: versionSelect,
          orderBy: [{ version: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).questionVersion.count({ where }),
    );
    return { ...connection, edges: connection.edges.map((edge) => ({ ...edge, node: toModel(edge.node) })) };
  }

  create(
    schoolId: string,
    input: { subjectId: string | null; createdByUserId: string; draft: QuestionDraft },
  ): Promise<QuestionRecord> {
    const { draft } = input;
    return this.db.forTenant(schoolId).question.create({
      data: {
        schoolId,
        subjectId: input.subjectId,
        createdByUserId: input.createdByUserId,
        latestVersion: 1,
        type: draft.type,
        tags: draft.tags,
        versions: {
          create: {
            schoolId,
            version: 1,
            type: draft.type,
            prompt: draft.prompt,
            content: draft.content,
            tags: draft.tags,
            difficulty: draft.difficulty,
            createdByUserId: input.createdByUserId,
          },
        },
      },
      select: questionSelect,
    });
  }

  /**
   * Adds version `baseVersion + 1` unless someone else already did: the question row is locked
   * (FOR UPDATE) inside the transaction, so two editors from the same base cannot both win.
   */
  revise(
    schoolId: string,
    input: { questionId: string; baseVersion: number; createdByUserId: string; draft: QuestionDraft },
  ): Promise<QuestionRecord | { latestVersion: number } | null> {
    return this.db.withTenant(schoolId, async (tx) => {
      const [locked] = await tx.$queryRaw<{ latestVersion: number }[]>`
        SELECT "latestVersion" FROM "Question"
         WHERE "schoolId" = ${schoolId}::uuid AND "id" = ${input.questionId}::uuid
         FOR UPDATE`;
      if (!locked) return null;
      if (locked.latestVersion !== input.baseVersion) return { latestVersion: locked.latestVersion };
      const { draft } = input;
      const version = locked.latestVersion + 1;
      await tx.questionVersion.create({
        data: {
          schoolId,
          questionId: input.questionId,
          version,
          type: draft.type,
          prompt: draft.prompt,
          content: draft.content,
          tags: draft.tags,
          difficulty: draft.difficulty,
          createdByUserId: input.createdByUserId,
        },
        select: { id: true },
      });
      return tx.question.update({
        where: { id: input.questionId, schoolId },
        data: { latestVersion: version, type: draft.type, tags: draft.tags },
        select: questionSelect,
      });
    });
  }
}
