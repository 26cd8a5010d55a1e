/**
 * Who is who in Slack: a view of the one directory of people (src/app/directory.ts), which reads the
 * organisation file as it is now. Nobody else is served, so an unknown Slack user never reaches the store.
 */
import type { Directory } from '../../app/directory';
import type { Practitioner, Supervisor } from '../../config/org';

export class SlackDirectory {
  constructor(private readonly people: Directory) {}

  private find(slackUser: string) {
    return this.people.byChannelId((person) => person.slack?.user, slackUser);
  }

  practitioner(slackUser: string): Practitioner | undefined {
    return this.find(slackUser).practitioner;
  }

  supervisor(slackUser: string): Supervisor | undefined {
    return this.find(slackUser).supervisor;
  }

  supervisorById(id: string): Supervisor | undefined {
    return this.people.supervisor(id);
  }

  practitionerById(id: string): Practitioner | undefined {
    return this.people.practitioner(id);
  }

  personName(id: string): string {
    return this.people.name(id);
  }
}
