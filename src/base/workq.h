/*
 * workq: a queue of tasks that a second thread and the caller's own share.
 *
 * A task is a function and its argument; tasks may push more tasks. They
 * are taken by urgency (WORKQ_NOW before WORKQ_SOON before WORKQ_LATER),
 * in the order pushed within one urgency. What a task makes must not
 * depend on which thread ran it or when: the callers keep their results
 * by index and use them in their own order, so that a build on one core
 * writes the same bytes as one on two.
 */
#ifndef GONGSHI_WORKQ_H
#define GONGSHI_WORKQ_H

#include <stdbool.h>

enum workq_urgency { WORKQ_NOW, WORKQ_SOON, WORKQ_LATER, WORKQ_URGENCIES };

struct workq;

/*
 * A queue with its worker thread started (none when the system has no
 * thread to give: workq_help then runs every task).
 */
struct workq	*workq_new(void);
void		 workq_push(struct workq *, enum workq_urgency,
		    void (*fn)(void *), void *arg);
/* Runs tasks on the calling thread until none is queued or running. */
void		 workq_help(struct workq *);
/*
 * One step of workq_help: runs one queued task, or, when none is queued
 * but some runs on the other thread, waits until one is pushed or
 * finished. False when none is queued or running: the queue is done. The
 * caller may do its own work between steps (a file written once the task
 * that made it finished).
 */
bool		 workq_step(struct workq *);
/*
 * workq_help until done(arg) is true (asked with the queue's lock held,
 * after each task finished), running only tasks of urgency upto or more
 * urgent: waits for some tasks, not for every one, as the output begun
 * and the styles read, while the certificates rendered beside compose go
 * on (publish/build.c), and does not start a long task of less urgency
 * meanwhile (with upto WORKQ_NOW). Returns once done(arg), or when none
 * it may run is queued and none is running: what it waits for must be
 * of urgency upto or more urgent.
 */
void		 workq_help_until(struct workq *, enum workq_urgency upto,
		    bool (*done)(void *), void *arg);
/* workq_help, then stops the worker thread and frees the queue. */
void		 workq_free(struct workq *);

#endif
