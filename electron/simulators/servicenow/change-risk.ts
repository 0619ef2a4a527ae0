/**
 * Risk calculation for PATCH /api/sn_chg_rest/change/{sys_id}/risk ("Calculates the risk
 * and impact ... based on an evaluation of the risk conditions", CMAPI), as the Change Risk
 * Calculator does it (docs: define-risk-and-impact-conditions; OOB RiskCalculatorSNC):
 * the active risk conditions in order, lowest first; the first whose condition matches the
 * change sets its risk and impact; with no match both stay as they are ("No matching Risk
 * Conditions - Risk and Impact unchanged").
 *
 * The docs name conditions ("Critical service affected", "Insufficient lead time") and show
 * one rule in full, a business service's Business criticality "1 - most critical" or
 * "2 - somewhat critical" setting risk and impact; they do not give the values a base
 * instance sets, so DEFAULT_RISK_CONDITIONS is this simulator's choice, and the
 * `riskConditions` option replaces it.
 */
import { applyQuery, parseEncodedQuery, QueryError, type ParsedQuery } from './encoded-query';
import { TABLES } from './tables';
import type { RiskCondition, SnRecord } from './types';

const DEFAULT_RISK_CONDITIONS: readonly RiskCondition[] = [
  { name: 'Critical service affected', order: 100, ciCondition: 'busines_criticality=1 - most critical', risk: '2', impact: '1' },
  { name: 'Important service affected', order: 200, ciCondition: 'busines_criticality=2 - somewhat critical', risk: '3', impact: '2' },
];

interface CompiledCondition {
  condition: RiskCondition;
  onChange: ParsedQuery | null;
  onCi: ParsedQuery | null;
}

function compile(query: string | undefined, table: string, name: string): ParsedQuery | null {
  if (query === undefined || query.trim() === '') return null;
  try {
    return parseEncodedQuery(query, { userSysId: '', fields: new Set(Object.keys(TABLES[table]!.fields)) });
  } catch (error) {
    if (error instanceof QueryError)
      throw new Error(`The risk condition "${name}" has an invalid ${table} query: ${error.message}`, { cause: error });
    throw error;
  }
}

function matches(record: SnRecord | undefined, query: ParsedQuery | null): boolean {
  if (query === null) return true;
  return record !== undefined && applyQuery([record], query).length === 1;
}

/** The risk conditions, checked once (a bad query fails the simulator's start, naming the condition). */
export class RiskCalculator {
  private readonly conditions: CompiledCondition[];

  constructor(conditions: readonly RiskCondition[] = DEFAULT_RISK_CONDITIONS) {
    this.conditions = [...conditions]
      .sort((a, b) => a.order - b.order)
      .map((condition) => ({
        condition,
        onChange: compile(condition.condition, 'change_request', condition.name),
        onCi: compile(condition.ciCondition, 'cmdb_ci', condition.name),
      }));
  }

  /** The risk and impact the first matching condition sets (only the fields it sets), or null when none matches. */
  evaluate(change: SnRecord, ci: SnRecord | undefined): { risk?: string; impact?: string } | null {
    const match = this.conditions.find((entry) => matches(change, entry.onChange) && matches(ci, entry.onCi));
    if (!match) return null;
    const { risk, impact } = match.condition;
    return { ...(risk ? { risk } : {}), ...(impact ? { impact } : {}) };
  }
}
