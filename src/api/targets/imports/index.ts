import type { TargetTable } from '../../target'
import { createUserImportJob } from './create-user-import-job'
import { describeUserImportJob } from './describe-user-import-job'
import { getCSVHeader } from './get-csv-header'
import { listUserImportJobs } from './list-user-import-jobs'
import { startUserImportJob } from './start-user-import-job'
import { stopUserImportJob } from './stop-user-import-job'

export const importTargets: TargetTable = {
  GetCSVHeader: getCSVHeader,
  CreateUserImportJob: createUserImportJob,
  DescribeUserImportJob: describeUserImportJob,
  ListUserImportJobs: listUserImportJobs,
  StartUserImportJob: startUserImportJob,
  StopUserImportJob: stopUserImportJob,
}
