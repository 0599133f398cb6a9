import type { Problem, ProjectNode, Ticket } from '@nx-tickets/core';

/**
 * Named `projects` of the tickets that are not projects of the workspace, one error each naming the
 * ticket, its file and the project. Call only when the project graph is available.
 *
 * @param tickets valid tickets, or what could be read of invalid ones (`InvalidTicket`).
 */
export function checkTicketProjects(tickets: ReadonlyArray<Pick<Ticket, 'key' | 'origin' | 'projects'>>, projects: readonly ProjectNode[]): Problem[] {
  const names = new Set(projects.map((project) => project.name));
  const sample = [...names].sort().slice(0, 8).join(', ');
  return tickets.flatMap((ticket) =>
    ticket.projects
      .filter((project) => !names.has(project))
      .map((project) => ({
        where: ticket.origin ?? ticket.key,
        field: 'projects',
        ticket: ticket.key,
        message: `${ticket.key} names unknown Nx project "${project}" (projects: ${sample}${names.size > 8 ? ', …' : ''})`,
      })),
  );
}
