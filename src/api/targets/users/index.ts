import type { TargetTable } from '../../target'

export const usersTargets: TargetTable = {}
