/**
 * The CLI's usage text, printed by --help and after a usage error.
 */
export const USAGE = `Usage: oncall-console <command> [options]

Commands:
  serve [--demo] [--port N] [--workspace FILE] [--data-dir DIR] [--automations]
        [--demo-incidents N] [--demo-ticketing servicenow|jira-service-management]
        [--demo-splunk-on-call]
      Run the console headless and serve the web console on 127.0.0.1.
      --automations makes this host keep PagerDuty and the ticketing system in step
      (alert fired -> ticket, resolved -> resolved, ticket changes -> PagerDuty).
      --demo-splunk-on-call puts the Splunk On-Call simulator's incidents in the demo
      queue beside PagerDuty's (two paging platforms).
  simulate [--port N] [--demo-incidents N]
      Run only the simulators (PagerDuty REST and Events API, Splunk On-Call API and
      REST endpoint, ServiceNow, Jira Service Management, GitHub, GitLab, Jenkins).
  incidents list [--json] --workspace FILE
  incidents ack ID... --workspace FILE
  incidents resolve ID... [--note TEXT] --workspace FILE
  incidents note ID TEXT --workspace FILE
      List or act on incidents. ID is an incident id (Q1ABC, or splunk-on-call:123 for
      a Splunk On-Call incident) or number (#123 or 123; a number open on both
      platforms must be named by its id). With two paging platforms the list's
      PLATFORM column marks each incident (PD, SOC). Splunk On-Call keeps no incident
      notes: a note on one goes to its ticket, when the workspace has a ticketing system.
  metrics [--json] [--days 7|30] --workspace FILE
      Time to acknowledge and time to resolve per service and per team over the
      last 7 and 30 days (or the one --days names), from every paging platform's
      records. --json prints an array with one report per window.
  delivery [--days 7|30|90] [--team T] [--json] (--workspace FILE | --demo)
      Delivery metrics per service and per team over the last 7, 30 (default) or 90
      days, from the workspace's delivery sources: deployment frequency, lead time,
      change failure rate and failed deployment recovery time with their DORA bands,
      split by change type (standard against normal).
  audit --from DATE --to DATE [--service S] [--format csv|json] [--out FILE]
        (--workspace FILE | --demo)
      The change audit: every production deployment of the period with its change
      (type, approved by whom and when), deployer and commits, and the exceptions
      (no approved change, outside its window, untraceable version, a change closed
      without a deployment). CSV (default) or JSON, to stdout or --out FILE.
  change open --service S --version V --commit SHA
        [--template NAME | --normal | --emergency --incident ID] [--run-url URL] [--json]
        --workspace FILE
      Raise the change a deployment needs: standard from an approved template of the
      service, otherwise normal (a change manager approves). The same service, version
      and run give the change already raised. Prints its number (and writes
      change-number, change-type, change-url to $GITHUB_OUTPUT when set). An emergency
      change is the fix for an incident: it may deploy during that incident's freeze.
  change gate --service S --version V [--change N] [--wait [--timeout 30m] [--poll 15s]]
        [--json] --workspace FILE
      Exit 0 only when an approved change covers this deployment, in its window, with
      no freeze (a major incident open on the service). Otherwise one line saying why.
  change close --change N --result success|failure [--notes TEXT] [--incident ID]
        --workspace FILE
      Close the change with the deployment's result.

Options:
  --workspace FILE   the workspace file (YAML; see examples/workspace.yaml)
  --demo             run against built-in simulators with demo data (serve, delivery, audit)
  --port N           port to listen on (0 = any free port)
  --data-dir DIR     where the durable outbox lives (default: the user's state folder;
                     a fresh temporary folder with --demo)
  -h, --help         show this help

Environment:
  PAGERDUTY_TOKEN    PagerDuty REST API key (required with --workspace)
  PAGERDUTY_FROM     email of your PagerDuty user, sent as the From header on writes
  SPLUNK_ONCALL_API_ID, SPLUNK_ONCALL_API_KEY, SPLUNK_ONCALL_USER
                     Splunk On-Call's API ID, an API key and the username writes are
                     made as (when the workspace's paging names splunk-on-call)
  SERVICENOW_USER, SERVICENOW_PASSWORD   ServiceNow basic auth (or SERVICENOW_TOKEN)
  GITHUB_TOKEN, GITLAB_TOKEN             delivery and pipelines: read the repositories
  JENKINS_USER, JENKINS_API_TOKEN        delivery and pipelines: the Jenkins user
  JIRA_EMAIL, JIRA_API_TOKEN             Jira Service Management credentials
  PAGERDUTY_CHANGE_ROUTING_KEY           change open/close: the service's integration key for
                                         PagerDuty change events (else the workspace's variables)
  ONCALL_DEBUG=1     print stack traces on errors

Exit codes: 0 ok, 1 failed, 2 bad usage, workspace file or environment,
3 action still pending in the outbox.
change gate: 0 deployment permitted, 1 refused, 3 still waiting (approval or window),
4 the change system or the paging platform could not be read (fails closed).`;

/** What follows a usage error: the commands, and where to read more. */
export const SHORT_USAGE = `Usage:
  oncall-console serve (--workspace FILE | --demo) [--port N] [--data-dir DIR]
  oncall-console simulate [--port N] [--demo-incidents N]
  oncall-console incidents list|ack|resolve|note ... --workspace FILE
  oncall-console metrics [--json] [--days 7|30] --workspace FILE
  oncall-console delivery [--days 7|30|90] [--team T] [--json] (--workspace FILE | --demo)
  oncall-console audit --from DATE --to DATE [--format csv|json] (--workspace FILE | --demo)
  oncall-console change open|gate|close ... --workspace FILE
Run \`oncall-console --help\` for details.`;
