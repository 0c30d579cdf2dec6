/**
 * A coordinator's scope: the subtrees of the organisation tree assigned to them (their coordinator
 * roles' organisations and everything below). Enforced in the data layer: every query of the
 * coordination domain filters with these fragments, so a forged id outside the scope finds nothing.
 */
import { sql, type SQL } from 'drizzle-orm';

/** SQL subquery: the ids of every unit in the actor's coordinator subtrees. */
export function scopeUnits(actorId: string): SQL {
  return sql`(with recursive scope_units(id) as (
      select r.organisation_id from user_roles r where r.user_id = ${actorId} and r.role = 'coordinator' and r.organisation_id is not null
      union
      select o.id from organisations o join scope_units s on o.parent_id = s.id
    ) select id from scope_units)`;
}

/** SQL subquery: the ids of the people who belong to a unit in the actor's scope. */
export function scopeUsers(actorId: string): SQL {
  return sql`(select m.user_id from memberships m where m.organisation_id in ${scopeUnits(actorId)})`;
}

/** SQL subquery: the ids of every unit below (and including) the given one. */
export function subtreeOf(unitId: string): SQL {
  return sql`(with recursive sub(id) as (select ${unitId}::uuid union select o.id from organisations o join sub s on o.parent_id = s.id) select id from sub)`;
}

/**
 * The units an actor coordinates: their coordinator subtrees, or every unit for an admin (admins
 * pass every role check, so their workspace covers the whole tree).
 */
export function coordinatedUnits(actorId: string): SQL {
  return sql`(with recursive scope_units(id) as (
      select r.organisation_id from user_roles r where r.user_id = ${actorId} and r.role = 'coordinator' and r.organisation_id is not null
      union
      select o.id from organisations o where exists (select 1 from user_roles a where a.user_id = ${actorId} and a.role = 'admin')
      union
      select o.id from organisations o join scope_units s on o.parent_id = s.id
    ) select id from scope_units)`;
}

/** The people who belong to a unit the actor coordinates (admins: everyone with a unit). */
export function coordinatedUsers(actorId: string): SQL {
  return sql`(select m.user_id from memberships m where m.organisation_id in ${coordinatedUnits(actorId)})`;
}
