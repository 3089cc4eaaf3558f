"""Updates name the fields they may change: nothing else a caller passes reaches the model."""


def model_update(*, instance, fields, data):
    """Set `data` on instance and save just those columns. `fields` is the service's allow-list: a
    name outside it (a status, a decision, a date the lifecycle sets) is a programming error, refused
    before anything is written. Returns the names written, sorted."""
    refused = sorted(set(data) - set(fields))
    if refused:
        raise TypeError(f"{type(instance).__name__} updates here cannot set: {', '.join(refused)}")
    written = sorted(data)
    for name in written:
        setattr(instance, name, data[name])
    if written:
        instance.save(update_fields=written)
    return written
