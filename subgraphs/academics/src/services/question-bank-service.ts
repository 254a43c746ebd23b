import type { Viewer } from '@schools24/auth';
import { userError } from '@schools24/errors';
import { isUuid, parsePageRequest, type TenantScope } from '@schools24/graphql';
import type { Redis } from '@schools24/redis';
import type { QuestionType } from '../generated/resolvers-types.js';
import { forgetStale, type AcademicsLoaders } from '../loaders/index.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type {
  QuestionDraft,
  QuestionPage,
  QuestionRecord,
  QuestionVersionModel,
  QuestionVersionPage,
} from '../repositories/question-bank-repository.js';
import { notFound, type HomeworkUserError } from './homework-service.js';
import { questionContent, type QuestionContent } from './question-content.js';

/** A question's content as the API takes it (`QuestionDraftInput`). */
export interface QuestionDraftInput {
  type: QuestionType;
  prompt: string;
  tags?: readonly string[] | null;
  difficulty?: number | null;
  choices?: readonly { text: string; isCorrect: boolean }[] | null;
  trueFalseAnswer?: boolean | null;
  numericAnswer?: number | null;
  numericTolerance?: number | null;
  acceptedAnswers?: readonly string[] | null;
  isCaseSensitive?: boolean | null;
  matchingPairs?: readonly { left: string; right: string }[] | null;
  orderedItems?: readonly string[] | null;
  essayMaxWords?: number | null;
}

type Result = { question: QuestionRecord | null; userErrors: HomeworkUserError[] };

const PROMPT_MAX = 5000;
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,49}$/u;

/** Which optional input fields each type uses; any other one given is a mistake worth reporting. */
const FIELDS_OF: Record<QuestionType, readonly (keyof QuestionDraftInput)[]> = {
  SINGLE_CHOICE: ['choices'],
  MULTIPLE_CHOICE: ['choices'],
  TRUE_FALSE: ['trueFalseAnswer'],
  NUMERIC: ['numericAnswer', 'numericTolerance'],
  SHORT_ANSWER: ['acceptedAnswers', 'isCaseSensitive'],
  MATCHING: ['matchingPairs'],
  ORDERING: ['orderedItems'],
  ESSAY: ['essayMaxWords'],
};
const TYPE_FIELDS = [...new Set(Object.values(FIELDS_OF).flat())];

/** The content of a draft, with ids we generate (`c1`, `p1`, `o1`, …), or the problems with it. */
export function parseDraft(
  input: QuestionDraftInput,
  path: string[],
): { draft: QuestionDraft } | { userErrors: HomeworkUserError[] } {
  const problems: HomeworkUserError[] = [];
  const prompt = input.prompt.trim();
  if (prompt.length === 0 || prompt.length > PROMPT_MAX)
    problems.push(userError('INVALID_INPUT', 'The prompt must be 1–5,000 characters.', [...path, 'prompt']));
  const tags = [...new Set((input.tags ?? []).map((tag) => tag.trim().toLowerCase()))];
  if (tags.length > 20 || !tags.every((tag) => TAG.test(tag)))
    problems.push(
      userError('INVALID_INPUT', 'Give at most 20 tags of 1–50 letters, digits, spaces, "_" or "-".', [
        ...path,
        'tags',
      ]),
    );
  const difficulty = input.difficulty ?? 3;
  if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 5)
    problems.push(
      userError('INVALID_INPUT', 'Difficulty is a whole number from 1 to 5.', [...path, 'difficulty']),
    );
  for (const field of TYPE_FIELDS) {
    if (input[field] != null && !FIELDS_OF[input.type].includes(field))
      problems.push(
        userError('INVALID_INPUT', `A ${input.type} question takes no ${field}.`, [...path, field]),
      );
  }
  const candidate = contentOf(input);
  const parsed = questionContent.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfIssue(input.type, issue.path);
      problems.push(userError('INVALID_INPUT', `${field}: ${issue.message}`, [...path, field]));
    }
  }
  if (problems.length > 0 || !parsed.success) return { userErrors: problems };
  return { draft: { type: input.type, prompt, content: parsed.data, tags, difficulty } };
}

function contentOf(input: QuestionDraftInput): unknown {
  switch (input.type) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return {
        type: input.type,
        choices: (input.choices ?? []).map((choice, index) => ({ id: `c${index + 1}`, ...choice })),
      };
    case 'TRUE_FALSE':
      return { type: input.type, answer: input.trueFalseAnswer };
    case 'NUMERIC':
      return { type: input.type, answer: input.numericAnswer, tolerance: input.numericTolerance ?? 0 };
    case 'SHORT_ANSWER':
      return {
        type: input.type,
        acceptedAnswers: input.acceptedAnswers ?? [],
        caseSensitive: input.isCaseSensitive ?? false,
      };
    case 'MATCHING':
      return {
        type: input.type,
        pairs: (input.matchingPairs ?? []).map((pair, index) => ({ id: `p${index + 1}`, ...pair })),
      };
    case 'ORDERING':
      return {
        type: input.type,
        items: (input.orderedItems ?? []).map((text, index) => ({ id: `o${index + 1}`, text })),
      };
    case 'ESSAY':
      return { type: input.type, maxWords: input.essayMaxWords ?? null };
  }
}

/** The input field a zod issue is about (its first path element, in the API's names). */
function fieldOfIssue(type: QuestionType, path: readonly PropertyKey[]): string {
  const [first] = path;
  const names: Record<string, string> = {
    choices: 'choices',
    pairs: 'matchingPairs',
    items: 'orderedItems',
    acceptedAnswers: 'acceptedAnswers',
    tolerance: 'numericTolerance',
    maxWords: 'essayMaxWords',
    answer: type === 'TRUE_FALSE' ? 'trueFalseAnswer' : 'numericAnswer',
  };
  return names[String(first)] ?? FIELDS_OF[type][0] ?? 'type';
}

/** The API's view of a version's content fields (`QuestionVersion`), from the parsed content. */
export function versionFields(content: QuestionContent) {
  return {
    choices: content.type === 'SINGLE_CHOICE' || content.type === 'MULTIPLE_CHOICE' ? content.choices : [],
    trueFalseAnswer: content.type === 'TRUE_FALSE' ? content.answer : null,
    numericAnswer: content.type === 'NUMERIC' ? content.answer : null,
    numericTolerance: content.type === 'NUMERIC' ? content.tolerance : null,
    acceptedAnswers: content.type === 'SHORT_ANSWER' ? content.acceptedAnswers : [],
    isCaseSensitive: content.type === 'SHORT_ANSWER' ? content.caseSensitive : null,
    matchingPairs: content.type === 'MATCHING' ? content.pairs : [],
    orderedItems: content.type === 'ORDERING' ? content.items : [],
    essayMaxWords: content.type === 'ESSAY' ? content.maxWords : null,
  };
}

/**
 * The school's question bank: one per school, read and written by its teachers and admins (the SDL
 * keeps everyone else out: the bank holds the answer keys). Any teacher may revise any question of
 * the school — the bank is shared, and versions keep every earlier form intact.
 */
export class QuestionBankService {
  constructor(
    private readonly tenant: TenantScope<AcademicsLoaders>,
    private readonly repos: AcademicsRepositories,
    private readonly redis: Redis,
    private readonly viewer: Viewer | null,
  ) {}

  private get schoolId(): string {
    return this.tenant.schoolId;
  }

  question(id: string): Promise<QuestionRecord | null> {
    return isUuid(id) ? this.tenant.loaders.question.load(id) : Promise.resolve(null);
  }

  version(id: string): Promise<QuestionVersionModel | null> {
    return isUuid(id) ? this.tenant.loaders.questionVersion.load(id) : Promise.resolve(null);
  }

  async latestVersion(question: QuestionRecord): Promise<QuestionVersionModel> {
    const version = await this.tenant.loaders.questionVersionByNumber.load(
      `${question.id}:${question.latestVersion}`,
    );
    if (!version) throw new Error(`question ${question.id} has no version ${question.latestVersion}`);
    return version;
  }

  versions(
    question: QuestionRecord,
    args: { first?: number | null; after?: string | null },
  ): Promise<QuestionVersionPage> {
    return this.repos.questionBank.pageOfVersions(this.schoolId, question.id, parsePageRequest(args));
  }

  questions(args: {
    first?: number | null;
    after?: string | null;
    subjectId?: string | null;
    tag?: string | null;
    type?: QuestionType | null;
  }): Promise<QuestionPage> {
    const page = parsePageRequest(args);
    // A subject id of another school (or malformed) matches nothing, like an unknown one.
    const subjectId = args.subjectId ?? null;
    if (subjectId !== null && !isUuid(subjectId))
      return Promise.resolve({
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        totalCount: 0,
      });
    return this.repos.questionBank.pageOfBank(
      this.schoolId,
      { subjectId, tag: args.tag?.trim().toLowerCase() || null, type: args.type ?? null },
      page,
    );
  }

  private requireViewer(): Viewer {
    if (!this.viewer) throw new Error('the SDL lets only signed-in teachers and admins here');
    return this.viewer;
  }

  async create(input: { subjectId?: string | null; draft: QuestionDraftInput }): Promise<Result> {
    const viewer = this.requireViewer();
    const subjectId = input.subjectId ?? null;
    if (subjectId !== null) {
      const subject = isUuid(subjectId) ? await this.tenant.loaders.subject.load(subjectId) : null;
      if (!subject) return { question: null, userErrors: [notFound('subject', ['input', 'subjectId'])] };
    }
    const parsed = parseDraft(input.draft, ['input', 'draft']);
    if ('userErrors' in parsed) return { question: null, userErrors: parsed.userErrors };
    const question = await this.repos.questionBank.create(this.schoolId, {
      subjectId,
      createdByUserId: viewer.userId,
      draft: parsed.draft,
    });
    return { question, userErrors: [] };
  }

  async revise(input: {
    questionId: string;
    baseVersion: number;
    draft: QuestionDraftInput;
  }): Promise<Result> {
    const viewer = this.requireViewer();
    const existing = await this.question(input.questionId);
    if (!existing) return { question: null, userErrors: [notFound('question', ['input', 'questionId'])] };
    const parsed = parseDraft(input.draft, ['input', 'draft']);
    if ('userErrors' in parsed) return { question: null, userErrors: parsed.userErrors };
    const revised = await this.repos.questionBank.revise(this.schoolId, {
      questionId: existing.id,
      baseVersion: input.baseVersion,
      createdByUserId: viewer.userId,
      draft: parsed.draft,
    });
    if (revised === null)
      return { question: null, userErrors: [notFound('question', ['input', 'questionId'])] };
    await forgetStale(this.redis, this.schoolId, this.tenant.loaders, { question: [existing.id] });
    if (!('id' in revised))
      return {
        question: null,
        userErrors: [
          userError(
            'VERSION_CONFLICT',
            `The question is at version ${revised.latestVersion} now, not ${input.baseVersion}: reload it and edit again.`,
            ['input', 'baseVersion'],
          ),
        ],
      };
    return { question: revised, userErrors: [] };
  }
}
