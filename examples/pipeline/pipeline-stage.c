/* pipeline-stage.c: the serial stage: one thread that takes the I/O threads' requests in batches, does the serial
 * work of each in order, numbers it, and hands the replies back to the thread that owns each connection.
 */
#define SXE_LOG_COMPONENT "pipeline"

#include <string.h>
#include <time.h>

#include "pipeline.h"

void pipeline_work(unsigned ns)
{
    struct timespec now;
    uint64_t end;

    if (ns == 0) {
        return;
    }

    clock_gettime(CLOCK_MONOTONIC, &now);
    end = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec + ns;

    do {
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec < end);
}

/* Hand the replies gathered for thread t to its ring in one batch. The ring holds every request its thread can
 * have in flight, so there is always room; the loop only guards against a bug turning into lost replies.
 */
static void pipeline_stage_send(PIPELINE_STAGE *stage, unsigned t)
{
    PIPELINE_ITEM *replies = stage->pending + (size_t)t * pipeline.options.batch;
    SXE_RING *ring = pipeline.io[t].replies;
    unsigned sent = 0;
    uint64_t first;
    unsigned got;

    while (sent < stage->pending_count[t]) {
        if ((got = sxe_ring_produce_acquire(ring, stage->pending_count[t] - sent, &first)) == 0) {
            SXEL2("stage: the reply ring of thread %u is full; waiting", t); /* never, by construction */
            continue;
        }

        for (unsigned i = 0; i < got; i++) {
            *(PIPELINE_ITEM *)sxe_ring_element(ring, first + i) = replies[sent + i];
        }

        sxe_ring_produce_release(ring, first, got);
        sent += got;
    }

    stage->pending_count[t] = 0;
}

static void pipeline_stage_on_requests(SXE_RING *ring, void *arg)
{
    PIPELINE_STAGE *stage = arg;
    PIPELINE_ITEM *item;
    uint64_t first;
    unsigned got;

    if (atomic_load(&stage->stop_requested)) {
        ev_break(stage->loop, EVBREAK_ALL);
        return;
    }

    while ((got = sxe_ring_consume_acquire(ring, pipeline.options.batch, &first)) > 0) {
        for (unsigned i = 0; i < got; i++) {
            item = sxe_ring_element(ring, first + i);
            pipeline_work(pipeline.options.work_ns);
            item->sequence = ++stage->sequence;
            stage->pending[(size_t)item->thread * pipeline.options.batch + stage->pending_count[item->thread]++] =
                *item;
        }

        sxe_ring_consume_release(ring, first, got);
        stage->batches++;
        stage->served += got;

        for (unsigned t = 0; t < pipeline.options.threads; t++) {
            if (stage->pending_count[t] > 0) {
                pipeline_stage_send(stage, t);
            }
        }
    }
}

static void pipeline_stage_keep(struct ev_loop *loop, ev_async *async, int revents)
{
    SXE_UNUSED_ARGUMENT(loop);
    SXE_UNUSED_ARGUMENT(async);
    SXE_UNUSED_ARGUMENT(revents);
}

static void *pipeline_stage_main(void *arg)
{
    PIPELINE_STAGE *stage = arg;

    pthread_setname_np(pthread_self(), "pipeline-stage");
    ev_run(stage->loop, 0);
    sxe_ring_consume_stop(stage->requests);
    ev_async_stop(stage->loop, &stage->keep);
    return NULL;
}

bool pipeline_stage_start(void)
{
    PIPELINE_STAGE *stage = &pipeline.stage;
    unsigned threads = pipeline.options.threads;
    unsigned capacity = 2;

    while (capacity < threads * pipeline.options.connections) { /* every request that can be in flight */
        capacity *= 2;
    }

    stage->requests = sxe_ring_new("requests", capacity, sizeof(PIPELINE_ITEM), pipeline.options.stage_wait);
    stage->pending = calloc((size_t)threads * pipeline.options.batch, sizeof(PIPELINE_ITEM));
    stage->pending_count = calloc(threads, sizeof(unsigned));
    stage->loop = ev_loop_new(EVFLAG_AUTO);

    if (stage->requests == NULL || stage->pending == NULL || stage->pending_count == NULL || stage->loop == NULL) {
        fprintf(stderr, "pipeline: cannot make the serial stage (memory, eventfd or loop)\n");
        return false;
    }

    ev_async_init(&stage->keep, pipeline_stage_keep);
    ev_async_start(stage->loop, &stage->keep); /* the ring's watchers do not keep the loop alive */
    sxe_ring_consume_on_loop(stage->requests, stage->loop, pipeline_stage_on_requests, stage);

    if (pthread_create(&stage->thread, NULL, pipeline_stage_main, stage) != 0) {
        fprintf(stderr, "pipeline: cannot start the serial stage's thread\n");
        return false;
    }

    stage->started = true;
    return true;
}

void pipeline_stage_stop(void)
{
    PIPELINE_STAGE *stage = &pipeline.stage;

    if (stage->started) {
        atomic_store(&stage->stop_requested, true);
        sxe_ring_wake(stage->requests);
        pthread_join(stage->thread, NULL);
    }

    sxe_ring_delete(stage->requests);

    if (stage->loop != NULL) {
        ev_loop_destroy(stage->loop);
    }

    free(stage->pending);
    free(stage->pending_count);
}
