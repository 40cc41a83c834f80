"""One summary per event, by ``pipeline.summarize`` on its articles, in event order."""
from __future__ import annotations

from ..settings import Settings

def summaries(articles, labels: dict[str, str], duplicates: dict[str, str], settings: Settings,
              words: int | None = None, partitions: int | None = None):
    """RDD of one JSON document per event in event order, by ``pipeline.summarize`` on its articles: the
    schema of ``newsdigest digest --format json``'s events (the CLI's summary JSON with the
    event's id, days, size and sources). ``words`` defaults to ``settings.words``."""
    from ..render.json import as_dict

    labels_b = articles.context.broadcast(labels)
    dup_b = articles.context.broadcast(duplicates)
    partitions = partitions or articles.getNumPartitions()

    def summarize_event(item):
        from ..model import EventRow
        from ..outlets import source_key
        from ..pipeline import summarize
        from ..render.digest import event_fields
        from ..stream.cluster import article_day

        event, members = item
        members = sorted(members, key=lambda a: a.id)
        summary = summarize(members, words=words, settings=settings, analyze=True)
        days = sorted(d for d in map(article_day, members) if d is not None)
        sources = len({source_key(a) for a in members if a.id not in dup_b.value})  # outlets, copies not counted
        row = EventRow(event, days[0] if days else None, days[-1] if days else None, len(members), sources)
        return {**event_fields(row), **as_dict(summary)}

    return (articles.filter(lambda a: a.id in labels_b.value)
            .map(lambda a: (labels_b.value[a.id], a)).groupByKey(partitions)
            .sortByKey(numPartitions=partitions)  # sorted before summarizing: sampling the keys is cheap
            .map(summarize_event))


