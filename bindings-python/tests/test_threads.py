"""Thread safety: concurrent calls agree with serial ones, and a shared stream loses nothing."""

import threading
from concurrent.futures import ThreadPoolExecutor

import siemulator

REQUESTS = [{"seed": seed, "count": 2_000} for seed in range(8)]


def _run(request: dict) -> list[str]:
    return siemulator.generate("linux_auth", request["count"], seed=request["seed"])


def test_threads_generate_same_results() -> None:
    serial = [_run(request) for request in REQUESTS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(_run, REQUESTS))
    assert concurrent == serial


def test_threads_mixed_calls_same_results() -> None:
    world = siemulator.World(5, users=20)

    def work(seed: int) -> tuple:
        generated = siemulator.generate("linux_auth", 500, seed=seed, world=world)
        streamed = [event.raw for event in siemulator.stream("linux_auth", 500, seed=seed, world=world)]
        parsed = siemulator.parse("linux_auth", "\n".join(generated))
        return generated, streamed, [record["class_uid"] for record in parsed]

    serial = [work(seed) for seed in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        concurrent = list(pool.map(work, range(6)))
    assert concurrent == serial
    assert all(generated == streamed for generated, streamed, _ in serial)


def test_threads_share_one_stream() -> None:
    stream = siemulator.stream("linux_auth", 20_000, seed=2)
    seen: list[list[int]] = [[] for _ in range(4)]

    def drain(slot: int) -> None:
        for event in stream:
            seen[slot].append(event.index)

    threads = [threading.Thread(target=drain, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    indexes = sorted(index for part in seen for index in part)
    assert indexes == list(range(20_000))
