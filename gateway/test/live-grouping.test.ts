// Which subscriptions may share one execution across viewers: a live query that allows role
// grouping gets it only for documents that select nothing below the root but its listed fields.
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LIVE_QUERIES } from '../src/subscriptions/index.js';
import { prepareSubscription, resolveLiveQueries } from '../src/subscriptions/operation.js';

const schema = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));
const table = resolveLiveQueries(schema, LIVE_QUERIES);
const scope = { sectionId: crypto.randomUUID(), subjectId: crypto.randomUUID(), termId: crypto.randomUUID() };

function groupingOf(query: string, variables: Record<string, unknown> = { scope }): string {
  const prepared = prepareSubscription(
    schema,
    table,
    { query, variables },
    { parseOptions: {}, validationRules: [] },
  );
  if (!('grouping' in prepared)) throw new Error(prepared.map(String).join('; '));
  return prepared.grouping;
}

const board = (selection: string, extra = '') =>
  `subscription ($scope: LeaderboardScopeInput!) { leaderboard(scope: $scope, first: 10) { ${selection} } } ${extra}`;

describe('live query grouping', () => {
  it('a board of ranks, scores, name tags and the scope is shared by role set', () => {
    expect(table.problems).toEqual([]);
    expect(
      groupingOf(
        board(
          '__typename version totalCount section { id displayName room } subject { id name } term { name startsOn endsOn } entries { rank score nameTag { __typename id displayName } }',
        ),
      ),
    ).toBe('roles');
  });

  it('through fragments, the same rule holds', () => {
    expect(
      groupingOf(
        board(
          '...Board',
          'fragment Board on Leaderboard { version entries { ...Tag } } fragment Tag on LeaderboardEntry { rank nameTag { displayName } }',
        ),
      ),
    ).toBe('roles');
    expect(
      groupingOf(
        board(
          '...Board',
          'fragment Board on Leaderboard { entries { ... on LeaderboardEntry { student { id } } } }',
        ),
      ),
    ).toBe('viewer');
  });

  it('any field with per-record rules below the root makes it per viewer', () => {
    expect(groupingOf(board('entries { rank student { id } }'))).toBe('viewer');
    expect(groupingOf(board('entries { student { fullName } }'))).toBe('viewer');
    expect(groupingOf(board('section { enrolments(first: 5) { totalCount } }'))).toBe('viewer');
    expect(groupingOf(board('section { classTeacher { id } }'))).toBe('viewer');
  });

  it('live queries without the rule are always per viewer', () => {
    const query = 'subscription ($id: ID!) { homeworkSubmissions(homeworkId: $id) { totalCount } }';
    expect(groupingOf(query, { id: crypto.randomUUID() })).toBe('viewer');
  });
});
