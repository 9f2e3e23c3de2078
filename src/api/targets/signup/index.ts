import type { TargetTable } from '../../target'

export const signupTargets: TargetTable = {}
