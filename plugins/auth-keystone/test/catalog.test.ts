import { publicEndpointsOf } from '../src/catalog';

describe('publicEndpointsOf', () => {
  it('takes the public endpoint of the first service named zaqar and of the first named zaqar-websocket', () => {
    const catalog = [
      { name: 'keystone', type: 'identity', endpoints: [{ interface: 'public', url: 'http://ks:5000/v3' }] },
      {
        name: 'zaqar',
        type: 'messaging',
        endpoints: [
          { interface: 'internal', url: 'http://internal:8888' },
          { interface: 'public', url: 'https://zaqar.example.com' },
        ],
      },
      { name: 'zaqar', type: 'messaging', endpoints: [{ interface: 'public', url: 'https://second.example.com' }] },
      { name: 'zaqar-websocket', type: 'messaging-websocket', endpoints: [{ interface: 'public', url: 'wss://ws.example.com:9000' }] },
    ];
    expect(publicEndpointsOf(catalog)).toEqual({ zaqar: 'https://zaqar.example.com', 'zaqar-websocket': 'wss://ws.example.com:9000' });
  });

  it('has nothing for a service without a public endpoint, a missing service or no catalogue (unscoped token)', () => {
    expect(publicEndpointsOf([{ name: 'zaqar', endpoints: [{ interface: 'admin', url: 'http://admin:8888' }] }])).toEqual({});
    expect(publicEndpointsOf([{ name: 'nova', endpoints: [{ interface: 'public', url: 'http://nova' }] }])).toEqual({});
    expect(publicEndpointsOf(undefined)).toEqual({});
  });
});
