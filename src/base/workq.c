/*
 * workq: tasks shared by a worker thread and the caller's (workq.h).
 */
#include <pthread.h>
#include <stdlib.h>

#include "base/util.h"
#include "base/workq.h"

struct task {
	void		(*fn)(void *);
	void		*arg;
	struct task	*next;
};

struct workq {
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;	/* a task pushed or finished; stop */
	struct task	*head[WORKQ_URGENCIES], **tail[WORKQ_URGENCIES];
	unsigned	 running;	/* tasks being run */
	bool		 stop;
	bool		 threaded;
	pthread_t	 tid;
};

/*
 * The next task of urgency upto or more urgent, by urgency; NULL when none
 * is queued. Lock held.
 */
static struct task *
take_upto(struct workq *q, enum workq_urgency upto)
{
	struct task *t;
	int u;

	for (u = 0; u <= (int)upto && u < WORKQ_URGENCIES; u++)
		if ((t = q->head[u]) != NULL) {
			if ((q->head[u] = t->next) == NULL)
				q->tail[u] = &q->head[u];
			return t;
		}
	return NULL;
}

/* The next task, by urgency; NULL when none is queued. Lock held. */
static struct task *
take(struct workq *q)
{
	return take_upto(q, WORKQ_LATER);
}

/* Runs t outside the lock, which is held before and after. */
static void
run(struct workq *q, struct task *t)
{
	q->running++;
	pthread_mutex_unlock(&q->lock);
	t->fn(t->arg);
	free(t);
	pthread_mutex_lock(&q->lock);
	q->running--;
	pthread_cond_broadcast(&q->changed);
}

static void *
worker(void *arg)
{
	struct workq *q = arg;
	struct task *t;

	pthread_mutex_lock(&q->lock);
	while (!q->stop) {
		if ((t = take(q)) != NULL)
			run(q, t);
		else
			pthread_cond_wait(&q->changed, &q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct workq *
workq_new(void)
{
	struct workq *q = xcalloc(1, sizeof(*q));
	int u;

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->changed, NULL);
	for (u = 0; u < WORKQ_URGENCIES; u++)
		q->tail[u] = &q->head[u];
	q->threaded = pthread_create(&q->tid, NULL, worker, q) == 0;
	return q;
}

void
workq_push(struct workq *q, enum workq_urgency u, void (*fn)(void *),
    void *arg)
{
	struct task *t = xmalloc(sizeof(*t));

	t->fn = fn;
	t->arg = arg;
	t->next = NULL;
	pthread_mutex_lock(&q->lock);
	*q->tail[u] = t;
	q->tail[u] = &t->next;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
}

void
workq_help(struct workq *q)
{
	struct task *t;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		if ((t = take(q)) != NULL)
			run(q, t);
		else if (q->running > 0)	/* it may push more */
			pthread_cond_wait(&q->changed, &q->lock);
		else
			break;
	}
	pthread_mutex_unlock(&q->lock);
}

void
workq_help_until(struct workq *q, enum workq_urgency upto,
    bool (*done)(void *), void *arg)
{
	struct task *t;

	pthread_mutex_lock(&q->lock);
	while (!done(arg)) {
		if ((t = take_upto(q, upto)) != NULL)
			run(q, t);
		else if (q->running > 0)
			pthread_cond_wait(&q->changed, &q->lock);
		else
			break;
	}
	pthread_mutex_unlock(&q->lock);
}

bool
workq_step(struct workq *q)
{
	struct task *t;
	bool more = true;

	pthread_mutex_lock(&q->lock);
	if ((t = take(q)) != NULL)
		run(q, t);
	else if (q->running > 0)
		pthread_cond_wait(&q->changed, &q->lock);
	else
		more = false;
	pthread_mutex_unlock(&q->lock);
	return more;
}

void
workq_free(struct workq *q)
{
	if (q == NULL)
		return;
	workq_help(q);
	pthread_mutex_lock(&q->lock);
	q->stop = true;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->lock);
	if (q->threaded)
		pthread_join(q->tid, NULL);
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
