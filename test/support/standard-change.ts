/** The standard change a pipeline raises for a deployment of Payments API, as `change open --template ...` raises it. */
import { openDeploymentChange } from '../../electron/engine/changes/deployment-change';
import type { ChangeSystem } from '../../electron/engine/ports/change-system';

export async function raiseStandardChange(changeSystem: ChangeSystem, version: string, runUrl: string) {
  const { change } = await openDeploymentChange(changeSystem, {
    serviceName: 'Payments API',
    version,
    commit: `c0ffee${version.replaceAll('.', '')}`,
    runUrl,
    templateName: 'Payments API - routine deployment',
    normal: false,
    emergencyFor: null,
  });
  return change;
}
