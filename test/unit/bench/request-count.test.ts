/** Counting one console's requests in a simulator's log (the shared-record scenario). */
import { describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  countByPath,
  describeByPath,
  isSharedRecordRead,
  requestsWith,
  type CountableRead,
} from '../../../bench/request-count';

const get = (path: string, sysparmQuery?: string, authorization?: string): CountableRead => ({
  method: 'GET',
  path,
  query:
    sysparmQuery === undefined
      ? 'sysparm_limit=100'
      : new URLSearchParams({ sysparm_query: sysparmQuery, sysparm_limit: '100' }).toString(),
  headers: authorization === undefined ? {} : { authorization },
});

describe('basicAuthorization', () => {
  it('is HTTP Basic of user:password', () => {
    expect(basicAuthorization('oncall.console', 'pw')).toBe(`Basic ${Buffer.from('oncall.console:pw').toString('base64')}`);
  });

  it('differs by password, so consoles signed in as one user can be told apart', () => {
    expect(basicAuthorization('oncall.console', 'bench-a')).not.toBe(basicAuthorization('oncall.console', 'bench-b'));
  });

  it('refuses a user name Basic cannot carry', () => {
    expect(() => basicAuthorization('', 'pw')).toThrow(/non-empty and have no colon/);
    expect(() => basicAuthorization('a:b', 'pw')).toThrow(/non-empty and have no colon/);
  });
});

describe('requestsWith', () => {
  it("keeps one console's requests, in log order", () => {
    const a = basicAuthorization('u', 'a');
    const b = basicAuthorization('u', 'b');
    const log = [get('/one', undefined, a), get('/two', undefined, b), get('/three', undefined, a), get('/four')];
    expect(requestsWith(log, a).map((request) => request.path)).toEqual(['/one', '/three']);
  });

  it('reads a header Node gave as a list', () => {
    const a = basicAuthorization('u', 'a');
    expect(requestsWith([{ path: '/x', headers: { authorization: [a] } }], a)).toHaveLength(1);
  });
});

describe('countByPath and describeByPath', () => {
  it('counts per path, most first, ties by path', () => {
    const log = [get('/b'), get('/a'), get('/c'), get('/c')];
    expect(countByPath(log)).toEqual([
      ['/c', 2],
      ['/a', 1],
      ['/b', 1],
    ]);
    expect(describeByPath(log)).toBe('/c x2, /a x1, /b x1');
  });

  it('says none for no requests', () => {
    expect(describeByPath([])).toBe('none');
  });
});

describe('isSharedRecordRead', () => {
  it("takes the shared record's reads: catalog item, requested items, their journal and authors", () => {
    expect(isSharedRecordRead(get('/api/now/table/sc_cat_item', 'name=On-Call Console request'))).toBe(true);
    expect(
      isSharedRecordRead(get('/api/now/table/sc_req_item', 'cat_item=abc^correlation_idISNOTEMPTY^sys_updated_on>=2026-11-26 10:00:00')),
    ).toBe(true);
    expect(
      isSharedRecordRead(
        get('/api/now/table/sys_journal_field', 'name=sc_req_item^element_idINa,b^elementINcomments,work_notes^ORDERBYsys_created_on'),
      ),
    ).toBe(true);
    expect(isSharedRecordRead(get('/api/now/table/sys_user', 'user_nameINoncall.console'))).toBe(true);
  });

  it("leaves out the incident tickets' sync and who the console signs in as", () => {
    expect(isSharedRecordRead(get('/api/now/table/incident', 'correlation_idISNOTEMPTY^active=true'))).toBe(false);
    expect(isSharedRecordRead(get('/api/now/table/incident/0123'))).toBe(false);
    expect(isSharedRecordRead(get('/api/now/table/sys_user', 'sys_id=javascript:gs.getUserID()'))).toBe(false);
    expect(
      isSharedRecordRead(get('/api/now/table/sys_journal_field', 'element=work_notes^element_idINa^sys_created_on>=2026-11-26 10:00:00')),
    ).toBe(false);
  });

  it('leaves out writes, even to the same tables', () => {
    expect(isSharedRecordRead({ ...get('/api/now/table/sc_req_item'), method: 'PATCH' })).toBe(false);
  });
});
